/**
 * The shapes the worker answers with, shared by the worker, content scripts and extension pages. They live here,
 * beside the message map, so that nothing outside the worker imports from `src/background/` (the import loop
 * protocol → worker → protocol is gone, and test/unit/architecture.test.ts keeps it so).
 */
import type { SearchHit, Suggestion } from '../core/knowledge/index.ts';

/** A suggestion ready to show: the article's title, shortcut and a preview, with why it matched. */
export interface SuggestionView extends Suggestion {
  /** At or above the index's calibrated threshold; otherwise only a possible answer, shown as such. */
  confident: boolean;
  title: string;
  shortcut?: string;
  preview: string;
}

export interface SearchHitView extends SearchHit {
  preview: string;
}

/** An article as content scripts and pages receive it (usage and history stay in the worker). */
export interface ArticleView {
  id: string;
  title: string;
  body: string;
  bodyFormat: 'text' | 'html';
  bodyText: string;
  tags: string[];
  shortcut?: string;
  locale?: string;
  folder?: string;
  placeholders: string[];
}

/** What the answers feature of a tab shows: the side panel's Suggestions view asks for it (push `answers.state`). */
export interface AnswersState {
  state: 'loading' | 'empty-kb' | 'none' | 'ready';
  suggestions: SuggestionView[];
}

/** What the data guard's audit records happened to a finding (one list, also the request schema's). */
export const GUARD_AUDIT_ACTIONS = [
  'flagged',
  'warned',
  'blocked',
  'masked',
  'overridden',
  'not-sensitive',
] as const;
export type GuardAuditAction = (typeof GUARD_AUDIT_ACTIONS)[number];

/** One entry of the data guard's audit: what happened to a value, never the value. */
export interface GuardAuditRow {
  /** Auto-increment key. */
  id?: number;
  at: number;
  clientId: string;
  site: string;
  ticketId?: string;
  /** The `agent.name` setting when it was recorded ('' when unset). */
  agent: string;
  type: string;
  score: number;
  action: GuardAuditAction;
  detector: string;
  /** Salted SHA-256 of the value (hex). */
  hash: string;
  length: number;
  /** An override's reason, with any sensitive value in it masked. */
  reason?: string;
  /** The other customer's ticket the value was seen on this shift ("#1042"): a wrong-customer finding. */
  belongsTo?: string;
}

/** One finding as the Problems view lists it: type, action, where and the line, never the value. */
export interface GuardProblem {
  type: string;
  action: 'flag' | 'warn' | 'block' | 'mask';
  source: 'composer' | 'message';
  start: number;
  end: number;
  line: number;
}

/** A tab's current findings, as the worker keeps them for the Problems view. */
export interface TabProblems {
  tabId: number;
  clientId: string | null;
  site: string;
  ticketId?: string;
  problems: GuardProblem[];
  /** Why Deskmate cannot guard this tab's page, in plain words; absent when it can. */
  notGuarding?: string;
  updatedAt: number;
}
