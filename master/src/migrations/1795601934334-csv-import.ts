import {MigrationInterface, QueryRunner} from "typeorm";

export class CsvImport1795601934334 implements MigrationInterface {

   public async up(queryRunner: QueryRunner): Promise<any> {
        await queryRunner.query(`CREATE TABLE "eos_csv_import" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "tenantCode" character varying(32) NOT NULL, "kind" character varying(24) NOT NULL, "state" character varying(16) NOT NULL, "fileName" character varying(255) NOT NULL, "createdBy" character varying(255), "content" text NOT NULL, "totalRows" integer NOT NULL, "validRows" integer NOT NULL, "errorCount" integer NOT NULL, "errors" text NOT NULL, "onlyValidRows" boolean, "processed" integer NOT NULL DEFAULT '0', "total" integer NOT NULL DEFAULT '0', "summary" text, "failureReason" text, "jobId" character varying(64), "runId" character varying(36), "startedAt" TIMESTAMP, "finishedAt" TIMESTAMP, "id" SERIAL NOT NULL, CONSTRAINT "PK_8dd2f1919c901128cb64fa54503" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE INDEX "IDX_07f998d31a37f8df34b8d5055a" ON "eos_csv_import" ("tenantCode") `, undefined);
        await queryRunner.query(`CREATE INDEX "IDX_195e96f6047f97b3aa911b7838" ON "eos_csv_import" ("tenantCode", "createdAt") `, undefined);
   }

   public async down(queryRunner: QueryRunner): Promise<any> {
        await queryRunner.query(`DROP INDEX "public"."IDX_195e96f6047f97b3aa911b7838"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_07f998d31a37f8df34b8d5055a"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_csv_import"`, undefined);
   }

}
