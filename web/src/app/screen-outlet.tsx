// Renders the current screen, loading its code the first time it is opened (React.lazy). Each
// screen module is wrapped once, so going back to a screen does not reload or remount its code.
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { ErrorBoundary } from '../components/error-boundary.js';
import { Skeleton } from '../components/skeleton.js';
import type { Route, ScreenId } from './routes.js';
import type { ScreenProps } from './screen-props.js';

const screens = new Map<ScreenId, LazyExoticComponent<ComponentType<ScreenProps>>>();

function screenOf(route: Route & { load: NonNullable<Route['load']> }) {
  let screen = screens.get(route.id);
  if (!screen) {
    screen = lazy(() => route.load().then((component) => ({ default: component })));
    screens.set(route.id, screen);
  }
  return screen;
}

export function ScreenFallback() {
  return (
    <div className="screen-fallback" aria-busy="true" aria-label="Loading">
      <div className="card-row">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={132} />
        ))}
      </div>
      <Skeleton height={360} />
    </div>
  );
}

export function ScreenOutlet({ route, props }: { route: Route; props: ScreenProps }) {
  if (!route.load) return null;
  const Screen = screenOf({ ...route, load: route.load });
  return (
    <ErrorBoundary resetKey={route.id}>
      <Suspense fallback={<ScreenFallback />}>
        <Screen {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}
