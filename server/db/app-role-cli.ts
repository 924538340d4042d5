import type { FeatureCommand } from '../cli/feature-commands';
import { databaseOwnerUrl, grantAppRole } from './app-role';
import { openPostgres } from './client';

const HELP = `  db grant-app-role --role NAME [--password P]
                               as the owner (DATABASE_OWNER_URL, else DATABASE_URL): give the server's role only the
                               grants it needs (no UPDATE/DELETE on audit_event, cannot disable its triggers);
                               creates the role with --password when it does not exist (PostgreSQL only)`;

/** `portico db grant-app-role`: sets up the least-privilege role the server connects with (see app-role.ts). */
export const dbCommand: FeatureCommand = {
  help: HELP,
  needsDb: false,
  run: async (_db, args, io) => {
    const opt = (name: string) => {
      const i = args.indexOf(`--${name}`);
      return i >= 0 ? args[i + 1] : undefined;
    };
    const role = opt('role');
    if (args[0] !== 'grant-app-role' || !role) {
      io.stderr('Usage: portico db grant-app-role --role NAME [--password P]');
      return 2;
    }
    const url = databaseOwnerUrl();
    if (!url) {
      io.stderr('The embedded database has a single role; set DATABASE_OWNER_URL (or DATABASE_URL) to a PostgreSQL owner connection.');
      return 2;
    }
    const owner = await openPostgres(url, 1);
    try {
      const { created } = await grantAppRole(owner, role, { password: opt('password') });
      io.stdout(`${created ? 'Created' : 'Updated'} role ${role}: read and write on the application's tables; audit_event is insert and read only.`);
      io.stdout(`Serve with DATABASE_URL as ${role}; run migrations with DATABASE_OWNER_URL as the owner.`);
      return 0;
    } catch (err) {
      io.stderr(err instanceof Error ? err.message : String(err));
      return 1;
    } finally {
      await owner.close();
    }
  },
};
