/**
 * The handlers' composition roots read TABLE_NAME and friends at import, as on Lambda. A handler test sets
 * them with this before it `require`s the handler module.
 */
export function handlerEnv(tableName: string, extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    FORM_LINK_SECRET: 'test-secret-test-secret-test-secret',
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    ...extra,
  });
}
