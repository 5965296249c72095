import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, redirect } from '@tanstack/react-router';
import { DeploymentPage } from '../deployments/deployment-page.tsx';
import { NotificationsPage } from '../notifications/notifications-page.tsx';
import { OverviewPage } from '../overview/overview-page.tsx';
import { ProductsPage } from '../products/products-page.tsx';
import { ReleasePage } from '../releases/release-page.tsx';
import { RingsPage } from '../rings/rings-page.tsx';
import { NotFoundPage } from '../shared/not-found-page.tsx';
import { SignInPage } from '../sign-in/sign-in-page.tsx';
import { parseTargetSearch } from '../targets/target-search.ts';
import { TargetsPage } from '../targets/targets-page.tsx';
import { TrainPage } from '../train/train-page.tsx';
import { ErrorAlert } from '../shared/error-alert.tsx';
import { AppLayout } from './app-layout.tsx';
import { meQuery } from './session.ts';

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({ notFoundComponent: NotFoundPage });

export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { next?: string } => (typeof search['next'] === 'string' && search['next'].startsWith('/') ? { next: search['next'] } : {}),
  component: SignInPage,
});

/** Every page but sign-in: needs a session, has the header and the live stream. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (me === null) throw redirect({ to: '/sign-in', search: location.href === '/' ? {} : { next: location.href }, replace: true });
    return { me };
  },
  errorComponent: ({ error }) => <ErrorAlert error={error} title="Ringmaster does not answer" />,
  component: AppLayout,
});

export const productsRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: ProductsPage });

export const overviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/products/$product',
  validateSearch: (search: Record<string, unknown>): { before?: string } => (typeof search['before'] === 'string' ? { before: search['before'] } : {}),
  component: OverviewPage,
});

export const releaseRoute = createRoute({ getParentRoute: () => appRoute, path: '/products/$product/releases/$version', component: ReleasePage });

export const targetsRoute = createRoute({ getParentRoute: () => appRoute, path: '/products/$product/targets', validateSearch: parseTargetSearch, component: TargetsPage });

export const ringsRoute = createRoute({ getParentRoute: () => appRoute, path: '/products/$product/rings', component: RingsPage });

export const deploymentRoute = createRoute({ getParentRoute: () => appRoute, path: '/products/$product/deployments/$id', component: DeploymentPage });

export const trainRoute = createRoute({ getParentRoute: () => appRoute, path: '/products/$product/train', component: TrainPage });

export const notificationsRoute = createRoute({ getParentRoute: () => appRoute, path: '/products/$product/notifications', component: NotificationsPage });

const routeTree = rootRoute.addChildren([signInRoute, appRoute.addChildren([productsRoute, overviewRoute, releaseRoute, targetsRoute, ringsRoute, deploymentRoute, trainRoute, notificationsRoute])]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({ routeTree, context: { queryClient }, defaultPreload: 'intent', scrollRestoration: true });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
