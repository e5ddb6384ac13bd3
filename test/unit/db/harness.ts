/**
 * The migration harness: for every released schema version, write data as that version did, close, open the
 * database with every version up to the newest (running the upgrades), and check the data is still there and
 * readable. Each version brings one fixture; a version without one fails the suite.
 */
import { type DeskmateDatabase, openDatabase } from '../../../src/background/db/database.ts';
import type { SchemaVersion } from '../../../src/background/db/schema.ts';

export interface VersionFixture {
  /** Writes rows the way this version's code wrote them. */
  seed(db: DeskmateDatabase): Promise<void>;
  /** Throws when what was seeded is not intact after upgrading to the newest version. */
  verify(db: DeskmateDatabase): Promise<void>;
}

let counter = 0;

/** Seeds at `fromVersion`, upgrades to the newest of `versions`, verifies every fixture seeded. */
export async function upgradeFrom(
  fromVersion: number,
  versions: readonly SchemaVersion[],
  fixtures: Record<number, VersionFixture>,
): Promise<void> {
  const name = `migration-test-${++counter}`;
  const old = openDatabase({ name, upTo: fromVersion, versions });
  await old.open();
  const seeded = versions.filter((v) => v.version <= fromVersion).map((v) => v.version);
  for (const version of seeded) await fixtures[version]!.seed(old);
  old.close();

  const latest = openDatabase({ name, versions });
  await latest.open();
  try {
    for (const version of seeded) await fixtures[version]!.verify(latest);
  } finally {
    latest.close();
    await latest.delete();
  }
}
