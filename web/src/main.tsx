// The office's own pages: one bundle, one page per path (a full load each), the shell served by the API.
import '@digdir/designsystemet-css';
import '@digdir/designsystemet-css/theme';
import './styles.css';
import { createRoot } from 'react-dom/client';
import { StrictMode, useEffect, useState, type ReactNode } from 'react';
import { Alert, Link, Paragraph, SkipLink } from '@digdir/designsystemet-react';
import { loadMe, type Me } from './api';
import { ROLES, loadServices } from './words';
import { QueuePage } from './queue';
import { CasePage } from './casePage';
import { ManagerPage } from './manager';
import { AuditorPage } from './auditor';

function Header({ me }: { me: Me }) {
  const links: Array<[string, string, string]> = [];
  if (me.roles.includes('caseworker')) links.push(['/', 'Arbeidskø', 'caseworker']);
  if (me.roles.includes('manager')) links.push(['/leder', 'Ledertavle', 'manager']);
  if (me.roles.includes('auditor')) links.push(['/tilgangslogg', 'Tilgangslogg', 'auditor']);
  return (
    <header className="topbar">
      <SkipLink href="#innhold">Hopp til hovedinnhold</SkipLink>
      <span className="brand">Tildelingskontoret</span>
      <nav aria-label="Hovedmeny">
        <ul className="nav">
          {links.map(([href, text]) => (
            <li key={href}>
              <Link href={href} aria-current={location.pathname === href ? 'page' : undefined}>
                {text}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <span className="who">
        {me.sub} ({me.roles.map((r) => ROLES[r] ?? r).join(', ')}; {me.municipalities.join(', ')})
      </span>
      <form method="post" action="/logout">
        <input type="hidden" name="csrf" value={me.csrf} />
        <button type="submit" className="ds-button" data-variant="tertiary" data-size="sm">
          Logg ut
        </button>
      </form>
    </header>
  );
}

function Page({ me }: { me: Me }): ReactNode {
  const path = location.pathname;
  const caseMatch = /^\/sak\/([0-9a-fA-F-]{36})$/.exec(path);
  if (caseMatch?.[1]) return <CasePage me={me} caseId={caseMatch[1]} />;
  if (path === '/leder' && me.roles.includes('manager')) return <ManagerPage me={me} />;
  if (path === '/tilgangslogg' && me.roles.includes('auditor')) return <AuditorPage me={me} />;
  if (path === '/') {
    if (me.roles.includes('caseworker')) return <QueuePage me={me} />;
    if (me.roles.includes('manager')) return <ManagerPage me={me} />;
    if (me.roles.includes('auditor')) return <AuditorPage me={me} />;
  }
  return (
    <Alert data-color="warning">
      <Paragraph>Denne siden finnes ikke for din rolle.</Paragraph>
    </Alert>
  );
}

function App() {
  const [me, setMe] = useState<Me | null>(null);
  useEffect(() => {
    void Promise.all([loadMe(), loadServices()]).then(([m]) => setMe(m));
  }, []);
  if (!me) return <p className="ds-paragraph">Laster …</p>;
  return (
    <>
      <Header me={me} />
      <main id="innhold" className="page" tabIndex={-1}>
        <Page me={me} />
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
