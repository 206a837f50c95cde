// E-mail addresses and domains, the one place both signal feeds (tracking accounts and support
// rows) read them. Public domains are those anyone can sign up at: people at gmail.com say nothing
// about which customer they are, so no e-mail-domain rule ever matches on them
// (docs/tracking.md, docs/support-import.md). Lower-case.
export const PUBLIC_EMAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'yahoo.co.jp', 'ymail.com', 'rocketmail.com',
  'hotmail.com', 'hotmail.co.uk', 'hotmail.fr', 'hotmail.de', 'hotmail.it', 'outlook.com', 'outlook.fr', 'outlook.de', 'live.com', 'live.co.uk', 'live.fr', 'msn.com', 'passport.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'aim.com', 'protonmail.com', 'proton.me', 'pm.me', 'tutanota.com', 'tuta.io', 'fastmail.com', 'fastmail.fm', 'hey.com',
  'zoho.com', 'zohomail.com', 'yandex.com', 'yandex.ru', 'ya.ru', 'mail.ru', 'bk.ru', 'inbox.ru', 'list.ru', 'rambler.ru',
  'gmx.com', 'gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch', 'web.de', 't-online.de', 'freenet.de', 'posteo.de', 'mailbox.org',
  'orange.fr', 'wanadoo.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'libero.it', 'virgilio.it', 'tiscali.it', 'alice.it',
  'btinternet.com', 'sky.com', 'virginmedia.com', 'ntlworld.com', 'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net', 'cox.net', 'charter.net', 'earthlink.net',
  'qq.com', '163.com', '126.com', 'sina.com', 'sohu.com', 'aliyun.com', 'naver.com', 'hanmail.net', 'daum.net',
  'rediffmail.com', 'bol.com.br', 'uol.com.br', 'terra.com.br', 'seznam.cz', 'wp.pl', 'o2.pl', 'interia.pl', 'onet.pl',
  'mail.com', 'email.com', 'usa.com', 'inbox.com', 'hushmail.com', 'lycos.com', 'rediff.com', 'mailinator.com', 'guerrillamail.com', 'duck.com',
]);

export function isPublicEmailDomain(domain: string): boolean {
  return PUBLIC_EMAIL_DOMAINS.has(domain.toLowerCase());
}

/** A well-formed e-mail address, trimmed and lower-cased, or null. */
export function emailOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const email = value.trim().toLowerCase();
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) && email.length <= 320 ? email : null;
}

/** The domain of an e-mail address (lower-cased), or null. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  return at < 0 || at === email.length - 1 ? null : email.slice(at + 1).toLowerCase();
}
