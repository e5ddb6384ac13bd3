export const CLI_OUT: string;
export const CLI_ENTRY: string;
export function cliIsStale(): boolean;
export function buildCli(): Promise<void>;
