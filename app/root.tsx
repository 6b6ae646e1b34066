import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { ErrorPage } from "~/components/error-page";
import { useNonce } from "~/components/nonce";
import { SiteLayout } from "~/components/site-layout";
import { countUnread } from "~/domain/notify/count-unread";
import { getOptionalUser } from "~/lib/auth.server";
import { getCsrfToken } from "~/lib/csrf.server";
import { getEnv } from "~/lib/env.server";
import { getI18n, pageTitle } from "~/lib/i18n";
import { DEFAULT_LOCALE, isLocale } from "~/lib/locale";
import { resolveLocale } from "~/lib/locale.server";
import appCss from "~/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, ""),
  { name: "description", content: "公共资源交易平台 — Public Resource Trading Portal" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const locale = resolveLocale(request, user?.locale);
  // CSRF: the accounts work owns ~/lib/csrf.server; every form renders <CsrfInput/> with this token.
  const csrf = await getCsrfToken(request);
  return data(
    {
      // Only what the browser needs to show: never the whole session record.
      user: user
        ? { displayName: user.displayName, username: user.username, role: user.role, orgName: user.orgName }
        : null,
      locale,
      // Server render time: the header clock shows it until the browser has synchronised.
      serverNow: Date.now(),
      centreName: getEnv().CENTRE_NAME,
      csrfToken: csrf.token,
      // Header bell (app/components/notify/notification-bell.tsx); kept live by /notifications/stream.
      unreadNotifications: user ? await countUnread(user.id) : 0,
    },
    csrf.setCookie ? { headers: { "Set-Cookie": csrf.setCookie } } : undefined,
  );
}

/** The HTML document for pages and for error pages alike. */
export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const locale = isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
  const nonce = useNonce();
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b4f9c" />
        <meta name="format-detection" content="telephone=no" />
        <Meta />
        <Links />
      </head>
      <body>
        {/* One i18next instance per language (see ~/lib/i18n): switching language swaps the instance. */}
        <I18nextProvider i18n={getI18n(locale)}>{children}</I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <SiteLayout>
      <Outlet />
    </SiteLayout>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <SiteLayout>
      <ErrorPage error={error} />
    </SiteLayout>
  );
}
