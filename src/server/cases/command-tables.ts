import type { ColumnType } from 'kysely';

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Tables of units and chains of command (migration 202612071410_cases_command). */
export interface CasesCommandEntitiesTable {
  id: string;
  kind: string;
  name: string;
  actor_id: string | null;
  description: string | null;
  created_at: DefaultTimestamp;
}

export interface CasesCommandRelationsTable {
  id: string;
  kind: string;
  from_id: string;
  to_id: string;
  start_date: string | null;
  end_date: string | null;
  notes: string | null;
  created_at: DefaultTimestamp;
}

export interface CasesCommandRelationSourcesTable {
  relation_id: string;
  source_id: string;
  position: number;
}

export interface CasesCommandTables {
  cases_command_entities: CasesCommandEntitiesTable;
  cases_command_relations: CasesCommandRelationsTable;
  cases_command_relation_sources: CasesCommandRelationSourcesTable;
}
