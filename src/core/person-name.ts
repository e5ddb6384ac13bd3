/**
 * A person's name as pages and mail show it: "Tom Becker <tom.becker@example.com>" (Request Tracker, webmail),
 * "\"Becker, Tom\" <tom@example.com>", "Tom Becker (tom@example.com)". Answers fill in `{{customer.name}}` and its
 * first and last name from it, so the address must not be part of it, and an address alone is no name at all
 * ("Hi tom.becker@example.com," is worse than asking the agent).
 */
const ADDRESS = /[^\s<>()"]+@[^\s<>()"]+/;

export function personName(shown: string | undefined): string | undefined {
  if (!shown) return undefined;
  let name = shown
    .replace(/<[^<>]*>/g, ' ')
    .replace(/\(\s*[^()]*@[^()]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (ADDRESS.test(name)) return undefined;
  const quoted = /^["'“”‘’](.*)["'“”‘’]$/.exec(name);
  if (quoted) {
    name = (quoted[1] ?? '').trim();
    // "Becker, Tom": the mail convention for "last, first".
    const parts = name.split(',').map((part) => part.trim());
    if (parts.length === 2 && parts[0] && parts[1]) name = `${parts[1]} ${parts[0]}`;
  }
  return name || undefined;
}
