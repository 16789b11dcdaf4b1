/** The console's shell: header with workspace switcher, navigation and language, then the page. */
import { lazy, Suspense } from "preact/compat";
import { useEffect } from "preact/hooks";
import { currentWorkspaceId, logout, session, switchWorkspace } from "./lib/api";
import { type Lang, language, setLanguage, useT } from "./lib/i18n";
import { connectWorkspace, realtimeStatus } from "./lib/realtime";
import { href, useRoute } from "./lib/router";
import { useStore } from "./lib/store";
import { loadWorkspaces, useWorkspace, workspaces } from "./lib/workspace";
import { AuthPage } from "./pages/auth";
import { JobPage } from "./pages/job/job-page";
import { JobsPage } from "./pages/jobs";
import { NewJobPage } from "./pages/new-job";
import { ProjectsPage } from "./pages/projects";

// Admin and operations pages (and uPlot) load on first visit, keeping the first load small.
const AdminPage = lazy(() => import("./pages/admin/admin-page").then((m) => ({ default: m.AdminPage })));
const OpsPage = lazy(() => import("./pages/ops/ops-page").then((m) => ({ default: m.OpsPage })));
const AcceptInvitationPage = lazy(() =>
  import("./pages/admin/accept-invitation").then((m) => ({ default: m.AcceptInvitationPage })),
);
const VerifyEmailPage = lazy(() => import("./pages/verify-email").then((m) => ({ default: m.VerifyEmailPage })));

function LanguageSwitch() {
  const t = useT();
  const lang = useStore(language);
  return (
    <label class="lang">
      <span class="sr-only">{t("language")}</span>
      <select value={lang} onChange={(e) => setLanguage((e.currentTarget as HTMLSelectElement).value as Lang)}>
        <option value="en">English</option>
        <option value="ja">日本語</option>
      </select>
    </label>
  );
}

function WorkspaceSwitch() {
  const t = useT();
  const list = useStore(workspaces);
  const id = useStore(currentWorkspaceId);
  return (
    <label class="ws-switch">
      <span class="sr-only">{t("workspace")}</span>
      <select value={id ?? ""} onChange={(e) => switchWorkspace((e.currentTarget as HTMLSelectElement).value)}>
        {list.map((w) => (
          <option key={w.id} value={w.id}>
            {w.kind === "personal" ? `${w.name} (${t("personal")})` : w.name} · {w.role}
          </option>
        ))}
      </select>
    </label>
  );
}

function Nav(props: { current: string }) {
  const t = useT();
  const { can } = useWorkspace();
  const items: [string, string, boolean][] = [
    ["jobs", t("navJobs"), can("jobs:read")],
    ["new", t("navNewJob"), can("jobs:create")],
    ["projects", t("navProjects"), can("projects:read")],
    ["ops", t("navOps"), can("dashboards:read")],
    ["admin", t("navAdmin"), can("members:read")],
  ];
  return (
    <nav aria-label={t("mainNavigation")}>
      <ul>
        {items
          .filter(([, , shown]) => shown)
          .map(([path, label]) => (
            <li key={path}>
              <a href={href(`/${path}`)} aria-current={props.current === path ? "page" : undefined}>
                {label}
              </a>
            </li>
          ))}
      </ul>
    </nav>
  );
}

function Page(props: { path: string[] }) {
  const [first = "jobs", second] = props.path;
  switch (first) {
    case "projects":
      return <ProjectsPage />;
    case "new":
      return <NewJobPage />;
    case "jobs":
      return second ? <JobPage jobId={second} /> : <JobsPage />;
    case "admin":
      return <AdminPage tab={second ?? "members"} />;
    case "ops":
      return <OpsPage />;
    case "invite":
      return <AcceptInvitationPage token={second ?? ""} />;
    case "verify-email":
      return <VerifyEmailPage token={second ?? ""} />;
    default:
      return <JobsPage />;
  }
}

export function App() {
  const t = useT();
  const { user, ready } = useStore(session);
  const workspaceId = useStore(currentWorkspaceId);
  const live = useStore(realtimeStatus);
  const route = useRoute();

  useEffect(() => {
    if (user) void loadWorkspaces();
  }, [user?.id, workspaceId]);
  useEffect(() => connectWorkspace(user ? workspaceId : null), [user?.id, workspaceId]);

  if (!ready)
    return (
      <main class="center" aria-busy="true">
        {t("loading")}
      </main>
    );
  if (!user)
    return (
      <AuthPage
        inviteToken={route.path[0] === "invite" ? route.path[1] : undefined}
        verifyingEmail={route.path[0] === "verify-email"}
      />
    );
  return (
    <>
      <a class="skip" href="#main">
        {t("skipToContent")}
      </a>
      <header class="top">
        <a class="brand" href={href("/jobs")}>
          Zukai <span lang="ja">図解</span>
        </a>
        <WorkspaceSwitch />
        <Nav current={route.path[0] ?? "jobs"} />
        <span class={`live live-${live}`} title={t("realtime")} data-testid="realtime-status">
          <span aria-hidden="true">●</span> {t(live === "open" ? "liveOn" : "liveOff")}
        </span>
        <LanguageSwitch />
        <button type="button" class="link" onClick={() => void logout()}>
          {t("signOut")}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p aria-busy="true">{t("loading")}</p>}>
          <Page path={route.path} />
        </Suspense>
      </main>
    </>
  );
}
