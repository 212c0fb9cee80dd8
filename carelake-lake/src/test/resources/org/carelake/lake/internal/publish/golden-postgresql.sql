-- create the schema
CREATE SCHEMA IF NOT EXISTS "gold"

-- create the catalog, set its comments
CREATE TABLE IF NOT EXISTS "gold"."catalog" ("mart" VARCHAR(128) NOT NULL, "grain" TEXT NOT NULL, "definition" TEXT NOT NULL, "follows" TEXT NULL, "key_columns" TEXT NOT NULL, "row_count" BIGINT NOT NULL, "publish_mode" VARCHAR(16) NOT NULL, "changed_rows" BIGINT NOT NULL, "gold_refreshed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "silver_versions" TEXT NOT NULL, "gold_version" VARCHAR(200) NOT NULL, "layout" VARCHAR(64) NOT NULL, CONSTRAINT "catalog_pkey" PRIMARY KEY ("mart"))
COMMENT ON TABLE "gold"."catalog" IS 'The published gold tables: one row per table, with its grain, definition, freshness and the silver versions it was built from.'
COMMENT ON COLUMN "gold"."catalog"."mart" IS 'the published table''s name in this schema'
COMMENT ON COLUMN "gold"."catalog"."grain" IS 'what one row of the table is'
COMMENT ON COLUMN "gold"."catalog"."definition" IS 'how its values are defined'
COMMENT ON COLUMN "gold"."catalog"."follows" IS 'the published definition it follows, if any'
COMMENT ON COLUMN "gold"."catalog"."key_columns" IS 'the columns that identify a row (its primary key), comma-separated'
COMMENT ON COLUMN "gold"."catalog"."row_count" IS 'rows in the table after the last publish'
COMMENT ON COLUMN "gold"."catalog"."publish_mode" IS 'how the last publish changed it: replace or merge'
COMMENT ON COLUMN "gold"."catalog"."changed_rows" IS 'rows the last publish inserted, updated or deleted'
COMMENT ON COLUMN "gold"."catalog"."gold_refreshed_at" IS 'when the gold table was last rebuilt (UTC)'
COMMENT ON COLUMN "gold"."catalog"."published_at" IS 'when the table was last published (UTC)'
COMMENT ON COLUMN "gold"."catalog"."silver_versions" IS 'the silver tables the gold table was built from, as JSON: table to <table id>@<version>'
COMMENT ON COLUMN "gold"."catalog"."gold_version" IS 'the gold Delta table''s <table id>@<version> that was published'
COMMENT ON COLUMN "gold"."catalog"."layout" IS 'a hash of the table''s columns, types and keys'

-- read, replace the catalog row
SELECT "gold_version", "layout", "row_count", "publish_mode" FROM "gold"."catalog" WHERE "mart" = ?
DELETE FROM "gold"."catalog" WHERE "mart" = ?
INSERT INTO "gold"."catalog" ("mart", "grain", "definition", "follows", "key_columns", "row_count", "publish_mode", "changed_rows", "gold_refreshed_at", "published_at", "silver_versions", "gold_version", "layout") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)

-- create the staging table
DROP TABLE IF EXISTS "gold"."stays_by_month__staging"
CREATE TABLE "gold"."stays_by_month__staging" ("discharge_month" DATE NOT NULL, "facility" TEXT NOT NULL, "encounter_class" TEXT NOT NULL, "stays" BIGINT NULL, "mean_days" DOUBLE PRECISION NULL, "readmission_rate" NUMERIC(9,4) NULL, "planted" BOOLEAN NULL, "last_discharge" TIMESTAMP WITH TIME ZONE NULL, "year_of_birth" INTEGER NULL, CONSTRAINT "stays_by_month__staging_pkey" PRIMARY KEY ("discharge_month", "facility", "encounter_class"))
CREATE INDEX "stays_by_month__staging_last_discharge_idx" ON "gold"."stays_by_month__staging" ("last_discharge")

-- count the staged rows
SELECT COUNT(*) FROM "gold"."stays_by_month__staging"

-- a new table or layout: swap by rename
DROP TABLE IF EXISTS "gold"."stays_by_month"
ALTER TABLE "gold"."stays_by_month__staging" RENAME TO "stays_by_month"
ALTER TABLE "gold"."stays_by_month" RENAME CONSTRAINT "stays_by_month__staging_pkey" TO "stays_by_month_pkey"
ALTER INDEX "gold"."stays_by_month__staging_last_discharge_idx" RENAME TO "stays_by_month_last_discharge_idx"

-- rows the staging table changes
SELECT (SELECT COUNT(*) FROM (SELECT "discharge_month", "facility", "encounter_class", "stays", "mean_days", "readmission_rate", "planted", "last_discharge", "year_of_birth" FROM "gold"."stays_by_month__staging" EXCEPT SELECT "discharge_month", "facility", "encounter_class", "stays", "mean_days", "readmission_rate", "planted", "last_discharge", "year_of_birth" FROM "gold"."stays_by_month") AS n) + (SELECT COUNT(*) FROM (SELECT "discharge_month", "facility", "encounter_class" FROM "gold"."stays_by_month" EXCEPT SELECT "discharge_month", "facility", "encounter_class" FROM "gold"."stays_by_month__staging") AS g)

-- same layout, small: replace in place
DELETE FROM "gold"."stays_by_month"
INSERT INTO "gold"."stays_by_month" ("discharge_month", "facility", "encounter_class", "stays", "mean_days", "readmission_rate", "planted", "last_discharge", "year_of_birth") SELECT "discharge_month", "facility", "encounter_class", "stays", "mean_days", "readmission_rate", "planted", "last_discharge", "year_of_birth" FROM "gold"."stays_by_month__staging"
DROP TABLE IF EXISTS "gold"."stays_by_month__staging"

-- same layout, large: merge by key
DELETE FROM "gold"."stays_by_month" AS t WHERE NOT EXISTS (SELECT 1 FROM "gold"."stays_by_month__staging" AS s WHERE s."discharge_month" = t."discharge_month" AND s."facility" = t."facility" AND s."encounter_class" = t."encounter_class")
INSERT INTO "gold"."stays_by_month" AS t ("discharge_month", "facility", "encounter_class", "stays", "mean_days", "readmission_rate", "planted", "last_discharge", "year_of_birth") SELECT "discharge_month", "facility", "encounter_class", "stays", "mean_days", "readmission_rate", "planted", "last_discharge", "year_of_birth" FROM "gold"."stays_by_month__staging" ON CONFLICT ("discharge_month", "facility", "encounter_class") DO UPDATE SET "stays" = EXCLUDED."stays", "mean_days" = EXCLUDED."mean_days", "readmission_rate" = EXCLUDED."readmission_rate", "planted" = EXCLUDED."planted", "last_discharge" = EXCLUDED."last_discharge", "year_of_birth" = EXCLUDED."year_of_birth" WHERE ROW(t."stays", t."mean_days", t."readmission_rate", t."planted", t."last_discharge", t."year_of_birth") IS DISTINCT FROM ROW(EXCLUDED."stays", EXCLUDED."mean_days", EXCLUDED."readmission_rate", EXCLUDED."planted", EXCLUDED."last_discharge", EXCLUDED."year_of_birth")

-- then drop the staging table
DROP TABLE IF EXISTS "gold"."stays_by_month__staging"

-- comments from the header
COMMENT ON TABLE "gold"."stays_by_month" IS 'Grain: one row per discharge month, facility and encounter class. Definition: stays discharged in the month, and the patients'' ''index'' stays. Follows: CMS Hospital-Wide All-Cause Unplanned Readmission measure.'
COMMENT ON COLUMN "gold"."stays_by_month"."discharge_month" IS 'first day of the month of discharge'
COMMENT ON COLUMN "gold"."stays_by_month"."facility" IS 'the facility''s code'
COMMENT ON COLUMN "gold"."stays_by_month"."encounter_class" IS 'inpatient, emergency, ...'
COMMENT ON COLUMN "gold"."stays_by_month"."stays" IS 'stays discharged in the month'
COMMENT ON COLUMN "gold"."stays_by_month"."mean_days" IS 'mean length of stay in days'
COMMENT ON COLUMN "gold"."stays_by_month"."readmission_rate" IS 'share of stays followed by a readmission within 30 days'
COMMENT ON COLUMN "gold"."stays_by_month"."planted" IS 'whether the generator''s planted rate applies'
COMMENT ON COLUMN "gold"."stays_by_month"."last_discharge" IS 'the month''s last discharge (UTC)'
COMMENT ON COLUMN "gold"."stays_by_month"."year_of_birth" IS 'the patients'' median year of birth'

-- layout
postgresql:991b26d68f95ed38

