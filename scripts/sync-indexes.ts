/**
 * Builds the indexes the schemas declare and drops the ones they no longer declare, for every
 * collection. Production runs this at deploy time, since the app itself starts with autoIndex off.
 * Usage: MONGODB_URI=mongodb://… npm run sync-indexes
 */
import { connectMongo } from '../src/stores/mongo/connect';
import { createModels } from '../src/stores/mongo/models';
import { createLogger } from '../src/shared/logger';

async function main(): Promise<void> {
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    console.error('MONGODB_URI is not set');
    process.exit(2);
  }
  // Quiet: connectMongo would report the very indexes this script is about to build.
  const logger = createLogger({ level: 'fatal' });
  // autoIndex off: the diff below, not mongoose at connect time, decides what gets built.
  const connection = await connectMongo(uri, { logger, autoIndex: false });
  let changed = 0;
  try {
    for (const model of Object.values(createModels(connection))) {
      const name = model.collection.collectionName;
      const { toCreate } = await model.diffIndexes();
      const dropped = await model.syncIndexes();
      for (const keys of toCreate) console.log(`${name}: created ${JSON.stringify(keys)}`);
      for (const index of dropped) console.log(`${name}: dropped ${index}`);
      changed += toCreate.length + dropped.length;
    }
    console.log(changed === 0 ? 'indexes already in sync' : `${changed} index change(s)`);
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(`sync-indexes failed: ${(err as Error).message}`);
  process.exit(1);
});
