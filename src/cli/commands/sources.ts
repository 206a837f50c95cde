// `revpulse sources add stripe|paypal, list, remove`: manage the connections that bring data in.
import type { Command } from 'commander';
import { loadConfig, type Config } from '../../config.js';
import { openRuntime } from '../../runtime.js';
import { addPaypalSource, setPaypalWebhookId } from '../../ingest/paypal/source.js';
import { addStripeSource, describeSource, listSourcesWithSecretFlags, removeSource, SourceInputError, webhookUrl } from '../../ingest/sources.js';
import { SecretKeyMissingError } from '../../store/secret-box.js';
import { loadSyncStatuses } from '../../store/source-sync-repo.js';
import { ensureWorkspace, findWorkspace, type Workspace } from '../../store/workspaces-repo.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { UsageError } from '../usage-error.js';

const baseUrl = (config: Config) => config.publicUrl ?? `http://localhost:${config.port}`;

/** The workspace named by --workspace, or the user's own ('default', never the Demo). */
async function targetWorkspace(db: Kysely<Database>, id: string | undefined): Promise<Workspace> {
  if (!id) return ensureWorkspace(db, { slug: 'default', name: 'My workspace' });
  const workspace = await findWorkspace(db, id);
  if (!workspace) throw new UsageError(`no workspace with id ${id} (list them with GET /v1/workspaces)`);
  return workspace;
}

type AddOptions = {
  name: string;
  webhookSecret?: string;
  apiKey?: string;
  mode?: string;
  clientId?: string;
  clientSecret?: string;
  webhookId?: string;
  sandbox?: boolean;
  workspace?: string;
};

/** The option a field comes from: clientSecret → --client-secret. */
const flag = (field: string) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

const ago = (date: Date | null, now: Date) => {
  if (!date) return 'never';
  const s = Math.max(0, Math.round((now.getTime() - date.getTime()) / 1000));
  return s < 120 ? `${s}s ago` : s < 7200 ? `${Math.round(s / 60)}m ago` : s < 172_800 ? `${Math.round(s / 3600)}h ago` : `${Math.round(s / 86_400)}d ago`;
};

export function registerSources(program: Command): void {
  const sources = program.command('sources').description('manage the sources that bring data in (Stripe and PayPal accounts)');

  sources
    .command('add')
    .argument('<provider>', 'stripe or paypal')
    .description('add a source and print its id and webhook URL')
    .requiredOption('--name <name>', 'a name you will recognise (e.g. "Stripe (EU)")')
    .option('--webhook-secret <whsec>', "Stripe: the webhook endpoint's signing secret (whsec_…)")
    .option('--api-key <key>', 'Stripe: a secret or restricted key (sk_… / rk_…) to backfill history and run the heartbeat sync')
    .option('--mode <mode>', 'Stripe: test or live (default: from the API key, else live)')
    .option('--client-id <id>', "PayPal: the REST app's client id")
    .option('--client-secret <secret>', "PayPal: the REST app's secret (to backfill history and run the heartbeat sync)")
    .option('--webhook-id <id>', 'PayPal: the id PayPal shows for the webhook you created with our URL (or later: sources set-webhook-id)')
    .option('--sandbox', 'PayPal: a sandbox app (test mode)')
    .option('--workspace <id>', 'the workspace (default: your own workspace, not the Demo)')
    .action(async (provider: string, options: AddOptions) => {
      if (provider !== 'stripe' && provider !== 'paypal') throw new UsageError(`sources add: unknown provider "${provider}" (stripe or paypal)`);
      const required = provider === 'stripe' ? (['webhookSecret'] as const) : (['clientId', 'clientSecret'] as const);
      for (const option of required) if (!options[option]) throw new UsageError(`sources add ${provider}: ${flag(option)} is required`);
      if (options.mode !== undefined && options.mode !== 'test' && options.mode !== 'live') throw new UsageError('sources add: --mode must be test or live');
      const config = loadConfig();
      // On PostgreSQL the key comes only from the environment (the embedded database keeps one in
      // its data folder): refuse before touching the database, nothing could be stored encrypted.
      if (config.database.kind === 'postgres' && !config.secretKey) throw new UsageError(`sources add: ${new SecretKeyMissingError().message}`);
      const runtime = await openRuntime(config, 'sources add');
      try {
        const workspace = await targetWorkspace(runtime.store.db, options.workspace);
        if (provider === 'paypal') {
          const source = await addPaypalSource(runtime.store.db, runtime.box, {
            workspaceId: workspace.id,
            name: options.name,
            clientId: options.clientId!,
            clientSecret: options.clientSecret!,
            webhookId: options.webhookId ?? null,
            sandbox: options.sandbox === true,
          });
          process.stdout.write(`Added PayPal source ${source.id} (${source.name}, ${options.sandbox ? 'sandbox' : 'live'}) to workspace "${workspace.name}" (${workspace.id}).\n`);
          process.stdout.write(`Webhook URL: ${webhookUrl(baseUrl(config), source.id, 'paypal')}\n`);
          if (!options.webhookId) process.stdout.write(`Create the PayPal webhook with that URL, then: revpulse sources set-webhook-id ${source.id} WEBHOOK_ID (deliveries are refused until then)\n`);
          process.stdout.write(`Import its history with: revpulse sync --source ${source.id} --full\n`);
          return;
        }
        const source = await addStripeSource(runtime.store.db, runtime.box, {
          workspaceId: workspace.id,
          name: options.name,
          webhookSecret: options.webhookSecret!,
          apiKey: options.apiKey ?? null,
          mode: (options.mode as 'test' | 'live' | undefined) ?? null,
        });
        process.stdout.write(`Added Stripe source ${source.id} (${source.name}, ${source.mode} mode) to workspace "${workspace.name}" (${workspace.id}).\n`);
        process.stdout.write(`Webhook URL: ${webhookUrl(baseUrl(config), source.id)}\n`);
        if (options.apiKey) process.stdout.write(`Import its history with: revpulse sync --source ${source.id} --full\n`);
      } catch (error) {
        if (error instanceof SourceInputError) throw new UsageError(`sources add: ${flag(error.field)}${error.message.slice(error.field.length)}`);
        throw error;
      } finally {
        await runtime.close();
      }
    });

  sources
    .command('list')
    .description('list the sources of a workspace with their freshness')
    .option('--workspace <id>', 'the workspace (default: your own workspace)')
    .option('--json', 'print JSON')
    .action(async (options: { workspace?: string; json?: boolean }) => {
      const config = loadConfig();
      const runtime = await openRuntime(config, 'sources list');
      try {
        const db = runtime.store.db;
        const workspace = await targetWorkspace(db, options.workspace);
        const now = new Date();
        const statuses = await loadSyncStatuses(db, workspace.id);
        const views = (await listSourcesWithSecretFlags(db, workspace.id)).map((s) => ({ source: s, view: describeSource(s, statuses.get(s.id), { now, baseUrl: baseUrl(config) }) }));
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ workspace: { id: workspace.id, name: workspace.name }, data: views.map((v) => v.view) }, null, 2)}\n`);
          return;
        }
        if (views.length === 0) {
          process.stdout.write(`No sources in workspace "${workspace.name}". Add one with: revpulse sources add stripe --name NAME --webhook-secret whsec_… (or: sources add paypal --name NAME --client-id … --client-secret … --webhook-id …)\n`);
          return;
        }
        for (const { source, view } of views) {
          process.stdout.write(
            `${view.id}  ${view.name}  ${view.provider}/${view.mode}  ${view.freshness.toUpperCase()}  last event ${ago(source.lastEventAt, now)}, last sync ${ago(source.lastSyncedAt, now)}${view.hasApiKey ? '' : ' (webhooks only)'}\n`,
          );
          if (view.lastError) process.stdout.write(`    error: ${view.lastError}\n`);
        }
      } finally {
        await runtime.close();
      }
    });

  sources
    .command('set-webhook-id')
    .argument('<id>', 'the PayPal source id (src_…)')
    .argument('<webhookId>', 'the id PayPal shows for the webhook you created with the source\'s URL')
    .description("set a PayPal source's webhook id (deliveries are verified against it)")
    .option('--workspace <id>', 'the workspace (default: your own workspace)')
    .action(async (id: string, webhookId: string, options: { workspace?: string }) => {
      const config = loadConfig();
      const runtime = await openRuntime(config, 'sources set-webhook-id');
      try {
        const workspace = await targetWorkspace(runtime.store.db, options.workspace);
        if (!(await setPaypalWebhookId(runtime.store.db, workspace.id, id, webhookId))) throw new UsageError(`sources set-webhook-id: no PayPal source ${id} in workspace "${workspace.name}"`);
        process.stdout.write(`PayPal source ${id} now verifies deliveries against webhook ${webhookId.trim()}.\n`);
      } catch (error) {
        if (error instanceof SourceInputError) throw new UsageError(`sources set-webhook-id: ${error.message}`);
        throw error;
      } finally {
        await runtime.close();
      }
    });

  sources
    .command('remove')
    .argument('<id>', 'the source id (src_…)')
    .description('remove a source: its webhooks and syncs stop; the history it brought in stays')
    .option('--workspace <id>', 'the workspace (default: your own workspace)')
    .action(async (id: string, options: { workspace?: string }) => {
      const config = loadConfig();
      const runtime = await openRuntime(config, 'sources remove');
      try {
        const workspace = await targetWorkspace(runtime.store.db, options.workspace);
        if (!(await removeSource(runtime.store.db, workspace.id, id))) throw new UsageError(`sources remove: no source ${id} in workspace "${workspace.name}"`);
        process.stdout.write(`Removed source ${id}. Its webhooks now answer 404; the data it brought in stays.\n`);
      } finally {
        await runtime.close();
      }
    });
}
