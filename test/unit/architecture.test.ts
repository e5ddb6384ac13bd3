/**
 * The direction of dependencies (docs/ARCHITECTURE.md): the worker's code is the worker's. Nothing outside
 * `src/background/` imports from it — messages and their answers' shapes live in `src/messaging/` — except what an
 * open issue still has to move, listed here with why. A new import from the worker fails this test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

/** Files outside the worker that still import from it, and what they import (issue "Easy to live in", item 2). */
const STILL_TO_MOVE: Record<string, string[]> = {
  // The options page opens the knowledge store itself; it is to go through the worker (or the store out of it).
  'options/sections/KnowledgeSection.tsx': [
    '../../background/db/database.ts',
    '../../background/knowledge/rows.ts',
    '../../background/knowledge/store.ts',
  ],
};

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.tsx?$/.test(entry.name)) yield path;
  }
}

/** Every module a file imports (static, dynamic and type-only), as written. */
function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g))
    found.push(match[1]!);
  return found;
}

describe('the direction of dependencies', () => {
  it('nothing outside the worker imports from src/background/, but what is listed still to move', () => {
    const found: Record<string, string[]> = {};
    for (const path of sources(SRC)) {
      const file = relative(SRC, path);
      if (file.startsWith('background/')) continue;
      const fromWorker = importsOf(readFileSync(path, 'utf8')).filter((spec) =>
        /(^|\/)background\//.test(spec),
      );
      if (fromWorker.length) found[file] = fromWorker.sort();
    }
    expect(found).toEqual(STILL_TO_MOVE);
  });

  it('the message map imports nothing but the core, the browser API wrapper and itself', () => {
    for (const path of sources(join(SRC, 'messaging'))) {
      for (const spec of importsOf(readFileSync(path, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        expect(spec, relative(SRC, path)).toMatch(/^(\.\/|\.\.\/core\/|\.\.\/platform\/)/);
      }
    }
  });

  it('finds the imports it looks for (the check itself works)', () => {
    expect(
      importsOf(
        `import type { A } from '../background/a.ts';\nconst b = await import('../background/b.ts');\nimport './c.css';`,
      ),
    ).toEqual(['../background/a.ts', '../background/b.ts', './c.css']);
  });
});
