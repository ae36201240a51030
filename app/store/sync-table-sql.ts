/**
 * SQL the tables of both kinds of sync share (`registrations`, `one_off_syncs`): the rules that decide which
 * app a sync belongs to and whether it may fire are one rule for both.
 */

type SyncTable = 'registrations' | 'one_off_syncs';

/** Only what may fire: not firing, of an installed app that is not paused (the apps joined as `a`). */
export function mayFire(sync: string): string {
  return `${sync}.firing = 0 AND a.paused = 0 AND a.install_state = 'installed'`;
}

/**
 * Files each sync of `@origin` (or only those filed under the app `@from`, when not null) under the app
 * whose scope contains its worker's scope, the longest such (install placeholders aside); a sync no app's
 * scope contains stays where it is.
 */
export function refileByScope(table: SyncTable): string {
  return `UPDATE ${table} SET app_id = owner.app_id
    FROM (SELECT s.id AS sync_id,
            (SELECT a.id FROM apps a
             WHERE a.origin = s.origin AND a.install_page IS NULL
               AND substr(s.scope, 1, length(a.scope)) = a.scope
             ORDER BY length(a.scope) DESC, a.id LIMIT 1) AS app_id
          FROM ${table} s WHERE s.origin = @origin
            AND (@from IS NULL OR s.app_id = @from)) AS owner
    WHERE ${table}.id = owner.sync_id AND owner.app_id IS NOT NULL
      AND ${table}.app_id != owner.app_id`;
}
