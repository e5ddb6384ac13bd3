import type { AuditService } from './audit.ts';
import type { CustomerMemoryService } from './customer-memory.ts';
import type { DeskmateDatabase } from './db/database.ts';
import type { KnowledgeService } from './knowledge/service.ts';
import type { SettingsService } from './settings-service.ts';
import type { SlaService } from './sla-service.ts';

/** What message handlers work with. Tests build it from in-memory parts. */
export interface Services {
  settings: SettingsService;
  sla: SlaService;
  audit: AuditService;
  /** The shift's memory of whose identifiers are whose (salted hashes), for the customer-aware guard. */
  customers: CustomerMemoryService;
  knowledge: KnowledgeService;
  db: DeskmateDatabase;
  now(): number;
  /** The active tab of the focused window, for pages that act on "the current tab". */
  activeTab(): Promise<{ id: number; url: string | null; windowId: number } | undefined>;
  tabUrl(tabId: number): Promise<string | null>;
  sendToTab(tabId: number, message: unknown): Promise<boolean>;
  openSidePanel(target: { tabId?: number; windowId?: number }): Promise<boolean>;
  openOptions(): Promise<void>;
  /** Runs an extension file (one of the content script's on-demand bundles) in a frame's content-script world. */
  injectIntoFrame(target: { tabId: number; frameId: number }, file: string): Promise<void>;
  /**
   * The language of a customer's message (the browser's own detector), when the page did not say: done here, not
   * in the helpdesk page, so the page's main thread does not pay for it.
   */
  detectLanguage?(text: string): Promise<string | undefined>;
}
