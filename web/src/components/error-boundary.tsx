import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ErrorNotice } from '../app/error-notice.js';

type Props = { children: ReactNode; title?: string; resetKey?: string };
type State = { error: Error | null; resetKey?: string };

/** Keeps a failing screen (a render error, a chunk that would not load) from blanking the app. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('screen failed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <ErrorNotice
        title={this.props.title ?? 'This screen could not be shown'}
        message={/dynamically imported module|Loading chunk/i.test(this.state.error.message) ? 'A newer version of Revpulse is available: reload the page.' : this.state.error.message}
        onRetry={() => window.location.reload()}
      />
    );
  }
}
