/**
 * Detectors a QA lead writes as patterns in the policy. They run on re2js, whose matching time is linear in the
 * text's length whatever the pattern, so no pattern can freeze the agent's page; patterns re2js cannot run in
 * linear time (backreferences, lookaround) are refused when the policy is validated.
 */
import { RE2JS } from 're2js';
import { type ContextList, contextList, judgeContext } from './context.ts';
import { CONTEXT_BOOST } from './scoring.ts';
import type { Finding } from './types.ts';

export interface CustomDetectorSpec {
  /** Stable id, recorded by the audit as `custom:<id>`. */
  id: string;
  /** The type its findings get, e.g. "ACME_MEMBER_ID". */
  type: string;
  /** An RE2 pattern. */
  pattern: string;
  caseInsensitive?: boolean;
  /** Score of a match without context (0–1). */
  score: number;
  /** Words that raise the score near a match. */
  context?: string[];
  /** Without a context word, a match is dropped. */
  requireContext?: boolean;
}

/** The longest match a custom detector may report: a pattern matching whole paragraphs is a mistake. */
export const MAX_CUSTOM_MATCH = 256;

export interface CompiledCustomDetector {
  spec: CustomDetectorSpec;
  regex: RE2JS;
  context: ContextList;
}

/** Compiles a pattern or throws re2js's explanation of why it cannot run in linear time. */
export function compileCustomDetector(spec: CustomDetectorSpec): CompiledCustomDetector {
  const regex = RE2JS.compile(spec.pattern, spec.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
  return { spec, regex, context: contextList(spec.context ?? []) };
}

export function runCustomDetector(text: string, detector: CompiledCustomDetector): Finding[] {
  const { spec, regex, context } = detector;
  const findings: Finding[] = [];
  const matcher = regex.matcher(text);
  while (matcher.find()) {
    const start = matcher.start();
    const end = matcher.end();
    if (end === start || end - start > MAX_CUSTOM_MATCH) continue;
    const verdict = judgeContext(text, start, end, context);
    if (spec.requireContext && !verdict.positive) continue;
    const score = Math.min(1, spec.score + (verdict.positive ? CONTEXT_BOOST : 0));
    findings.push({
      type: spec.type,
      start,
      end,
      score: Math.round(score * 100) / 100,
      reason: verdict.positive ? `custom pattern; context word "${verdict.positive}"` : 'custom pattern',
      detector: `custom:${spec.id}`,
    });
  }
  return findings;
}
