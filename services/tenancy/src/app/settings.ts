import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { bilingual, ConflictError, type Principal, ValidationError } from '@zuofeng/core';
import { cancellationCodes, commit } from '@zuofeng/ddb';
import type { z } from 'zod';
import type { Settings } from '../contract';
import { defaultSettings } from '../domain/org';
import { actorOf } from './accounts';
import type { TenancyDeps } from './deps';
import { stripKeys, tenancyKeys } from './keys';

type SettingsT = z.infer<typeof Settings>;

export async function getSettings(deps: TenancyDeps, tenantId: string): Promise<SettingsT> {
  const out = await deps.doc.send(
    new GetCommand({ TableName: deps.tableName, Key: tenancyKeys.settings(tenantId) }),
  );
  return out.Item ? (stripKeys(out.Item) as unknown as SettingsT) : defaultSettings(deps.now());
}

/** Replace the settings if nobody changed them since `version` was read. */
export async function putSettings(
  deps: TenancyDeps,
  principal: Principal,
  body: Omit<SettingsT, 'updatedAt'>,
) {
  const t = principal.tenantId;
  const before = await getSettings(deps, t);
  const ids = body.aspects.map((a) => a.id);
  if (new Set(ids).size !== ids.length) {
    throw new ValidationError(bilingual('aspect ids must be unique', '问题方面的编号不能重复'), [
      { field: 'body.aspects', reason: bilingual('duplicate id', '编号重复') },
    ]);
  }
  const after: SettingsT = { ...body, version: body.version + 1, updatedAt: deps.now().toISOString() };
  try {
    await commit(
      deps.doc,
      deps.tableName,
      [
        {
          Put: {
            TableName: deps.tableName,
            Item: { ...tenancyKeys.settings(t), kind: 'settings', ...after },
            ...(body.version === 0
              ? {
                  ConditionExpression: 'attribute_not_exists(pk) OR version = :v',
                  ExpressionAttributeValues: { ':v': 0 },
                }
              : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': body.version } }),
          },
        },
      ],
      [],
      [
        {
          tenantId: t,
          actor: actorOf(principal),
          action: 'settings.update',
          entity: 'settings',
          before,
          after,
        },
      ],
    );
  } catch (err) {
    if (cancellationCodes(err)?.[0] === 'ConditionalCheckFailed') {
      throw new ConflictError(
        bilingual(
          'the settings changed since you read them: reload and apply your change again',
          '活动设置已被他人修改，请重新加载后再修改',
        ),
        [{ field: 'body.version', reason: bilingual('stale version', '内容已被他人修改') }],
      );
    }
    throw err;
  }
  return after;
}
