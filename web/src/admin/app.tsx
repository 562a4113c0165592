import { useEffect } from 'preact/hooks';
import { describeError } from '../api';
import { call, client } from './api';
import { Notice, useLoad } from './components';
import { NAV } from './nav';
import { go, href, route } from './router';
import { isConsoleRole, session, signOut } from './session';
import { business } from './state';
import { Login } from './pages/login';
import { Dashboard } from './pages/dashboard';
import { Members } from './pages/members';
import { MemberPage } from './pages/member';
import { Staff } from './pages/staff';
import { Locations } from './pages/locations';
import { ApiKeys } from './pages/keys';
import { Products } from './pages/products';
import { Program } from './pages/program';
import { Rewards } from './pages/rewards';
import { AtRisk } from './pages/at-risk';
import { Lost } from './pages/lost';
import { Review } from './pages/review';
import { Liability } from './pages/liability';
import { Import } from './pages/import';
import { Messages } from './pages/messages';
import { MessageTemplates } from './pages/message-templates';
import { MessageSettings } from './pages/message-settings';
import { Surveys } from './pages/surveys';
import { Tiers } from './pages/tiers';
import { Club } from './pages/club';
import { Companies, CompanyPage } from './pages/companies';
import { AgreementPage, Rebates } from './pages/rebates';

/** Signed out: the login. A cashier: off to the counter. Owners and managers: the console. */
export function App() {
  const s = session.value;
  const role = s?.staff.role;
  useEffect(() => {
    if (s && !isConsoleRole(role)) location.replace('/cashier');
  }, [s, role]);
  if (!s) return <Login />;
  if (!isConsoleRole(role))
    return (
      <main class="login" id="main">
        <p class="panel">The console is for owners and managers. Taking you to the counter…</p>
      </main>
    );
  return <Shell />;
}

function Shell() {
  const s = session.value!;
  const [page, ...args] = route.value;
  const items = NAV.filter((n) => n.roles.includes(s.staff.role as 'owner' | 'manager'));
  const loaded = useLoad(() => call(client.GET('/api/business')), [s.token]);
  useEffect(() => {
    if (loaded.data) business.value = loaded.data;
  }, [loaded.data]);
  useEffect(() => {
    // Move focus to the new page's heading so keyboard and screen-reader users land on it.
    const h = document.querySelector<HTMLElement>('[data-page-title]');
    if (h && document.activeElement?.tagName !== 'INPUT') h.focus({ preventScroll: true });
  }, [page, args[0]]);
  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <span class="brand">
          Regulars <small>console</small>
        </span>
        <span class="shop" data-testid="shop-name">
          {business.value?.name ?? ''}
        </span>
        <span class="who">
          {s.staff.name} · {s.staff.role}
        </span>
        <a class="top-link" href="/cashier">
          Counter
        </a>
        <button
          type="button"
          class="top-link"
          onClick={() => {
            signOut('You have logged out.');
            go('dashboard'); // the next login starts at the dashboard
          }}
        >
          Log out
        </button>
      </header>
      <nav class="sidenav" aria-label="Console">
        <ul>
          {items.map((n) => (
            <li key={n.path}>
              <a href={href(n.path)} aria-current={n.path === page ? 'page' : undefined}>
                {n.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" class="content">
        {loaded.error ? <Notice kind="error">{describeError(loaded.error)}</Notice> : null}
        {!business.value ? (
          <p class="muted">Loading…</p>
        ) : NAV.some((n) => n.path === page) && !items.some((n) => n.path === page) ? (
          <Notice kind="info">This page is for the owner. Choose another page from the menu.</Notice>
        ) : (
          <Route page={page} args={args} />
        )}
      </main>
    </div>
  );
}

function Route(props: { page: string; args: string[] }) {
  switch (props.page) {
    case 'dashboard':
      return <Dashboard />;
    case 'members':
      return props.args[0] ? <MemberPage id={props.args[0]} /> : <Members />;
    case 'products':
      return <Products />;
    case 'program':
      return <Program />;
    case 'rewards':
      return <Rewards />;
    case 'at-risk':
      return <AtRisk />;
    case 'lost':
      return <Lost />;
    case 'review':
      return <Review />;
    case 'liability':
      return <Liability />;
    case 'import':
      return <Import />;
    case 'messages':
      return <Messages />;
    case 'message-templates':
      return <MessageTemplates />;
    case 'message-settings':
      return <MessageSettings />;
    case 'surveys':
      return <Surveys />;
    case 'companies':
      return props.args[0] ? <CompanyPage id={props.args[0]} /> : <Companies />;
    case 'rebates':
      return props.args[0] ? <AgreementPage id={props.args[0]} /> : <Rebates />;
    case 'staff':
      return <Staff />;
    case 'locations':
      return <Locations />;
    case 'keys':
      return <ApiKeys />;
    case 'tiers':
      return <Tiers />;
    case 'club':
      return <Club />;
    default:
      return <Notice kind="error">There is no page “{props.page}”. Choose one from the menu.</Notice>;
  }
}
