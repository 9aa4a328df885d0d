// Schema changes, in order. Written with Kysely's schema builder so SQLite and PostgreSQL share them.
import type { Kysely, Migration } from 'kysely';

export const migrations: Record<string, Migration> = {
  '0001-initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('source_file')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .addColumn('activities', 'integer', (c) => c.notNull())
        .addColumn('organisations', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('source_record')
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('last_updated', 'text')
        .addColumn('source_file', 'text')
        .addColumn('source_line', 'integer')
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .addColumn('doc', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('source_record_pk', ['id', 'source'])
        .execute();
      await db.schema.createIndex('source_record_by_project').on('source_record').columns(['project_id']).execute();

      await db.schema
        .createTable('activity')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('records', 'integer', (c) => c.notNull())
        .addColumn('reporting_org_ref', 'text')
        .addColumn('financier', 'text', (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('objective', 'text')
        .addColumn('status', 'text')
        .addColumn('status_code', 'text')
        .addColumn('approval_date', 'text')
        .addColumn('closing_date', 'text')
        .addColumn('instrument', 'text')
        .execute();
      await db.schema.createIndex('activity_status').on('activity').columns(['status']).execute();
      await db.schema.createIndex('activity_financier_name').on('activity').columns(['financier']).execute();
      await db.schema.createIndex('activity_approval').on('activity').columns(['approval_date']).execute();

      await db.schema
        .createTable('activity_financier')
        .addColumn('activity_id', 'text', (c) => c.notNull())
        .addColumn('financier', 'text', (c) => c.notNull())
        .addColumn('financier_ref', 'text')
        .addColumn('role', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('activity_financier_by_activity').on('activity_financier').columns(['activity_id']).execute();
      await db.schema.createIndex('activity_financier_by_name').on('activity_financier').columns(['financier', 'activity_id']).execute();

      await db.schema
        .createTable('activity_country')
        .addColumn('activity_id', 'text', (c) => c.notNull())
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('percentage', 'real')
        .addColumn('share', 'real', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('activity_country_by_country').on('activity_country').columns(['country', 'activity_id']).execute();
      await db.schema.createIndex('activity_country_by_activity').on('activity_country').columns(['activity_id']).execute();

      await db.schema
        .createTable('activity_region')
        .addColumn('activity_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('vocabulary', 'text', (c) => c.notNull())
        .addColumn('percentage', 'real')
        .execute();
      await db.schema.createIndex('activity_region_by_activity').on('activity_region').columns(['activity_id']).execute();

      await db.schema
        .createTable('activity_sector')
        .addColumn('activity_id', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('vocabulary', 'text', (c) => c.notNull())
        .addColumn('share', 'real', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('activity_sector_by_code').on('activity_sector').columns(['code', 'activity_id']).execute();
      await db.schema.createIndex('activity_sector_by_activity').on('activity_sector').columns(['activity_id']).execute();

      await db.schema
        .createTable('activity_org')
        .addColumn('activity_id', 'text', (c) => c.notNull())
        .addColumn('ref', 'text')
        .addColumn('name', 'text')
        .addColumn('role', 'text')
        .execute();
      await db.schema.createIndex('activity_org_by_activity').on('activity_org').columns(['activity_id']).execute();

      await db.schema
        .createTable('money_flow')
        .addColumn('activity_id', 'text', (c) => c.notNull())
        .addColumn('measure', 'text', (c) => c.notNull())
        .addColumn('financier', 'text', (c) => c.notNull())
        .addColumn('financier_ref', 'text')
        .addColumn('value_minor', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text')
        .addColumn('value_date', 'text')
        .execute();
      await db.schema.createIndex('money_flow_by_activity').on('money_flow').columns(['activity_id', 'measure']).execute();

      await db.schema
        .createTable('organisation')
        .addColumn('ref', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text')
        .addColumn('type', 'text')
        .addColumn('names', 'text', (c) => c.notNull())
        .addColumn('source_file', 'text')
        .execute();

      await db.schema
        .createTable('codelist')
        .addColumn('list', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('category', 'text')
        .addColumn('withdrawn', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('codelist_pk', ['list', 'code'])
        .execute();

      await db.schema
        .createTable('sync_state')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('query', 'text', (c) => c.notNull())
        .addColumn('next_offset', 'integer', (c) => c.notNull())
        .addColumn('total', 'integer')
        .addColumn('completed_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('exchange_rate')
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('frequency', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('units_per_usd', 'double precision', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('exchange_rate_pk', ['currency', 'frequency', 'period'])
        .execute();
    },
  },
};
