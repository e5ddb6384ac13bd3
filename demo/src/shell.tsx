/** The workspace chrome around the ticket: the top bar with the agent's identity and the navigation rail. */
import { initials } from './format.ts';
import {
  BellIcon,
  BookIcon,
  ChartIcon,
  HomeIcon,
  InboxIcon,
  SearchIcon,
  SettingsIcon,
  UsersIcon,
} from './icons.tsx';
import { AGENT_NAME } from './model.ts';
import { CENTRE_NAME, CLIENT_NAME } from './tickets.ts';

export function TopBar({ query, onQuery }: { query: string; onQuery(query: string): void }) {
  return (
    <header class="topbar">
      <a class="brand" href="/" aria-label={`${CENTRE_NAME} home`}>
        <span class="brand-mark" aria-hidden="true">
          H
        </span>
        <span class="brand-name">{CENTRE_NAME}</span>
      </a>
      <button type="button" class="workspace-switch" title="Switch client workspace">
        <span class="workspace-dot" aria-hidden="true" />
        {CLIENT_NAME}
        <span class="chevron" aria-hidden="true" />
      </button>
      <label class="global-search">
        <SearchIcon />
        <input
          type="search"
          placeholder="Search tickets and customers"
          aria-label="Search tickets"
          value={query}
          onInput={(event) => onQuery(event.currentTarget.value)}
        />
      </label>
      <div class="topbar-end">
        <button type="button" class="icon-button" aria-label="Notifications">
          <BellIcon />
          <span class="badge-dot" aria-hidden="true" />
        </button>
        <div class="agent">
          <span class="avatar avatar--agent" aria-hidden="true">
            {initials(AGENT_NAME)}
            <span class="presence" />
          </span>
          <span class="agent-text">
            <span class="agent-name" data-demo="agent-name">
              {AGENT_NAME}
            </span>
            <span class="agent-status">Online · Tier 1</span>
          </span>
        </div>
      </div>
    </header>
  );
}

const NAV_ITEMS = [
  { label: 'Home', icon: HomeIcon, current: false },
  { label: 'Tickets', icon: InboxIcon, current: true },
  { label: 'Customers', icon: UsersIcon, current: false },
  { label: 'Knowledge', icon: BookIcon, current: false },
  { label: 'Reports', icon: ChartIcon, current: false },
] as const;

export function NavRail() {
  return (
    <nav class="rail" aria-label="Main">
      {NAV_ITEMS.map(({ label, icon: NavIcon, current }) => (
        <button
          type="button"
          key={label}
          class={current ? 'rail-item is-current' : 'rail-item'}
          aria-current={current ? 'page' : undefined}
          title={label}
        >
          <NavIcon />
          <span class="rail-label">{label}</span>
        </button>
      ))}
      <button type="button" class="rail-item rail-item--end" title="Settings">
        <SettingsIcon />
        <span class="rail-label">Settings</span>
      </button>
    </nav>
  );
}
