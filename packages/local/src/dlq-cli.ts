import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import {
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  ReceiveMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { allSubscriptions } from '../../../services/registry';
import { type DynamoLocal, localClient, startDynamoLocal } from './dynamo';
import { LOCAL_DIR, localConfig } from './local-config';
import { dlqName, QueueStore } from './queue-store';
import { ensureQueueTable } from './tables';

const USAGE = `usage: npm run dlq -- <list|redrive> [consumer] [--aws] [--stage dev] [--region cn-north-1]
  list      show each consumer's dead letters (locally: every message, with its last error)
  redrive   send dead letters back to their consumer's queue (all consumers, or the one named)
  --aws     act on the deployed SQS DLQs (found by their tags zuofeng:dlq and zuofeng:stage)`;

function parseArgs(argv: string[]) {
  const [command, ...rest] = argv;
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (!a.startsWith('--')) positional.push(a);
    else if (a === '--aws') flags.set('aws', true);
    else flags.set(a.slice(2), rest[++i] ?? '');
  }
  if (command !== 'list' && command !== 'redrive') throw new Error(USAGE);
  const verb: 'list' | 'redrive' = command;
  const known = allSubscriptions().map((s) => s.name);
  const consumer = positional[0];
  if (consumer && !known.includes(consumer))
    throw new Error(`unknown consumer ${consumer}; one of: ${known.join(', ')}`);
  return { command: verb, consumer, flags };
}

/** Local: the queues live in DynamoDB Local. Use the running `npm start`, or start DynamoDB Local briefly. */
async function local(command: 'list' | 'redrive', consumer: string | undefined) {
  const config = localConfig();
  let endpoint = `http://127.0.0.1:${config.DDB_PORT}`;
  let own: DynamoLocal | undefined;
  try {
    await localClient(endpoint).send(new ListTablesCommand({}));
  } catch {
    own = await startDynamoLocal({ port: config.DDB_PORT, dataDir: join(LOCAL_DIR, 'ddb') });
    endpoint = own.endpoint;
  }
  try {
    const client = localClient(endpoint);
    await ensureQueueTable(client, config.QUEUE_TABLE_NAME);
    const store = new QueueStore(DynamoDBDocumentClient.from(client), config.QUEUE_TABLE_NAME);
    const names = consumer ? [consumer] : allSubscriptions().map((s) => s.name);
    for (const name of names) {
      if (command === 'redrive') {
        console.log(`${name}: redrove ${await store.redrive(name)} message(s)`);
        continue;
      }
      const letters = await store.list(dlqName(name));
      console.log(`${dlqName(name)}: ${letters.length} message(s)`);
      for (const m of letters) {
        const event = JSON.parse(m.body) as { 'detail-type'?: string; id?: string };
        console.log(
          `  ${m.messageId}  ${event['detail-type'] ?? '?'}  received ${m.receiveCount}×  sent ${new Date(m.sentAt).toISOString()}`,
        );
        if (m.lastError) console.log(`    last error: ${m.lastError.split('\n')[0]}`);
      }
    }
  } finally {
    await own?.stop();
  }
}

/** AWS: the DLQs are tagged by CDK; redrive is SQS's own message move task back to the source queue. */
async function aws(
  command: 'list' | 'redrive',
  consumer: string | undefined,
  stage: string,
  region?: string,
) {
  const sqs = new SQSClient(region ? { region } : {});
  const urls: string[] = [];
  let token: string | undefined;
  do {
    const out = await sqs.send(new ListQueuesCommand({ NextToken: token, MaxResults: 1000 }));
    urls.push(...(out.QueueUrls ?? []));
    token = out.NextToken;
  } while (token);
  for (const url of urls) {
    const tags = (await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags ?? {};
    if (tags['zuofeng:dlq'] !== 'true' || tags['zuofeng:stage'] !== stage) continue;
    if (consumer && tags['zuofeng:consumer'] !== consumer) continue;
    const attrs =
      (
        await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: url,
            AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'],
          }),
        )
      ).Attributes ?? {};
    if (command === 'redrive') {
      const task = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: attrs.QueueArn }));
      console.log(`${url}: redrive started (task ${task.TaskHandle})`);
      continue;
    }
    console.log(`${url}: ${attrs.ApproximateNumberOfMessages ?? '?'} message(s)`);
    // Peek without hiding: a visibility timeout of 0 leaves the messages where they are.
    const peek = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
    );
    for (const m of peek.Messages ?? []) {
      const event = JSON.parse(m.Body ?? '{}') as { 'detail-type'?: string };
      console.log(`  ${m.MessageId}  ${event['detail-type'] ?? '?'}`);
    }
  }
}

async function main() {
  const { command, consumer, flags } = parseArgs(process.argv.slice(2));
  if (flags.get('aws')) {
    await aws(
      command,
      consumer,
      String(flags.get('stage') ?? 'dev'),
      flags.get('region') as string | undefined,
    );
  } else {
    await local(command, consumer);
  }
}

main().catch((err) => {
  console.error((err as Error).message);
  process.exit(1);
});
