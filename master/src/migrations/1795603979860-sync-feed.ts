import {MigrationInterface, QueryRunner} from "typeorm";

export class SyncFeed1795603979860 implements MigrationInterface {

   public async up(queryRunner: QueryRunner): Promise<any> {
        await queryRunner.query(`CREATE TABLE "eos_sync_feed" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "tenantCode" character varying(32) NOT NULL, "kind" character varying(16) NOT NULL, "masterProductId" character varying(32) NOT NULL, "id" SERIAL NOT NULL, CONSTRAINT "PK_889b271c195225138f188ab055d" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE INDEX "IDX_9bc15101413b50217a0e22cad3" ON "eos_sync_feed" ("tenantCode", "id") `, undefined);
   }

   public async down(queryRunner: QueryRunner): Promise<any> {
        await queryRunner.query(`DROP INDEX "public"."IDX_9bc15101413b50217a0e22cad3"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_sync_feed"`, undefined);
   }

}
