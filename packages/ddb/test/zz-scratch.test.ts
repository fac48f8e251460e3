import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { errorToProblem } from '@zuofeng/http';
import { freshTable } from '../../../test/support/ddb';
import { queryPage } from '../src/paging';
it('probe', async () => {
  const t = await freshTable('zz');
  await t.doc.send(new PutCommand({ TableName: t.tableName, Item: { pk: 'T#a#X', sk: '1' } }));
  for (const key of [{ pk: 'T#a#X' }, { pk: 'T#a#X', sk: '1', extra: 'y' }, { pk: 'T#a#X', sk: 5 }, {pk: 'T#a#X', sk: {a:1}}]) {
    const cursor = Buffer.from(JSON.stringify(key)).toString('base64url');
    const r = await queryPage(t.doc, { TableName: t.tableName, pk: 'T#a#X', limit: 2, cursor }).catch((e) => e);
    console.log(JSON.stringify(key), r?.name, r?.message, JSON.stringify(errorToProblem(r, 'en')));
  }
  await t.drop();
});
