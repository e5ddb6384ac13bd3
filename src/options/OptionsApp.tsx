/**
 * The options page: one section per concern, each in its own file under sections/, listed in `sections` below.
 * The URL hash picks the section, so links like `options/index.html#clients` open the right one.
 */
import { useEffect, useState } from 'preact/hooks';
import { AboutSection } from './sections/AboutSection.tsx';
import { AuditSection } from './sections/AuditSection.tsx';
import { ClientsSection } from './sections/ClientsSection.tsx';
import { ClocksSection } from './sections/ClocksSection.tsx';
import { GuardSection } from './sections/GuardSection.tsx';
import { KeybindingsSection } from './sections/KeybindingsSection.tsx';
import { KnowledgeSection } from './sections/KnowledgeSection.tsx';
import { ReportsLink } from './sections/ReportsLink.tsx';
import { SettingsSection } from './sections/SettingsSection.tsx';
import { SitesSection } from './sections/SitesSection.tsx';

export interface OptionsSection {
  id: string;
  title: string;
  component: () => preact.JSX.Element;
}

export const sections: OptionsSection[] = [
  { id: 'settings', title: 'Settings', component: SettingsSection },
  { id: 'clients', title: 'Clients', component: ClientsSection },
  { id: 'sites', title: 'Sites', component: SitesSection },
  { id: 'clocks', title: 'SLA policy', component: ClocksSection },
  { id: 'knowledge', title: 'Knowledge', component: KnowledgeSection },
  { id: 'guard', title: 'Data guard', component: GuardSection },
  { id: 'audit', title: 'Audit', component: AuditSection },
  { id: 'reports', title: 'Reports', component: ReportsLink },
  { id: 'keybindings', title: 'Keybindings', component: KeybindingsSection },
  { id: 'about', title: 'About & deployment', component: AboutSection },
];

function currentSection(): string {
  const id = location.hash.slice(1);
  return sections.some((section) => section.id === id) ? id : 'settings';
}

export function OptionsApp() {
  const [active, setActive] = useState(currentSection);
  useEffect(() => {
    const onHash = () => setActive(currentSection());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const Section = sections.find((section) => section.id === active)!.component;
  return (
    <div class="options">
      <header>
        <img src="/icons/icon-48.png" alt="" />
        <h1>Deskmate settings</h1>
      </header>
      <nav aria-label="Sections">
        {sections.map((section) => (
          <a
            key={section.id}
            href={`#${section.id}`}
            aria-current={section.id === active ? 'page' : undefined}
          >
            {section.title}
          </a>
        ))}
      </nav>
      <main>
        <Section />
      </main>
    </div>
  );
}
