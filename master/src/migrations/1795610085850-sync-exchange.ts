import {MigrationInterface, QueryRunner} from "typeorm";

export class SyncExchange1795610085850 implements MigrationInterface {

   public async up(queryRunner: QueryRunner): Promise<any> {
        await queryRunner.query(`CREATE TABLE "eos_sync_inbox" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "tenantCode" character varying(32) NOT NULL, "stream" character varying(24) NOT NULL, "position" integer NOT NULL, "id" SERIAL NOT NULL, CONSTRAINT "PK_db4bb9592b788edc5b77f0d6a75" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_acd285bb7a1b45d360ba161d6a" ON "eos_sync_inbox" ("tenantCode", "stream") `, undefined);
        await queryRunner.query(`CREATE TABLE "eos_order_summary" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "tenantCode" character varying(32) NOT NULL, "orderCode" character varying(64) NOT NULL, "state" character varying(64) NOT NULL, "currencyCode" character varying(3) NOT NULL, "subTotalWithTax" integer NOT NULL, "shippingWithTax" integer NOT NULL, "totalWithTax" integer NOT NULL, "totalQuantity" integer NOT NULL, "customerEmail" character varying, "placedAt" TIMESTAMP, "orderUpdatedAt" TIMESTAMP NOT NULL, "version" integer NOT NULL, "lines" text NOT NULL, "id" SERIAL NOT NULL, CONSTRAINT "PK_526b6732b2d85517726f6be8271" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE INDEX "IDX_c635958ad1973e6c9a9c2821ea" ON "eos_order_summary" ("tenantCode") `, undefined);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_0448f85a13b168304dbc1c1a7c" ON "eos_order_summary" ("tenantCode", "orderCode") `, undefined);
        await queryRunner.query(`CREATE TABLE "eos_sync_subscriber" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "url" character varying(500) NOT NULL, "secret" character varying(500) NOT NULL, "tenantCodes" text, "id" SERIAL NOT NULL, CONSTRAINT "PK_571c11d01d2f049f0bcf05a646a" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f00f57a4ee068dd9de76157a99" ON "eos_sync_subscriber" ("url") `, undefined);
        await queryRunner.query(`CREATE TABLE "eos_sync_status" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "tenantCode" character varying(32) NOT NULL, "stream" character varying(24) NOT NULL, "report" text NOT NULL, "id" SERIAL NOT NULL, CONSTRAINT "PK_84bc18b51cb7181d61fc4f269f6" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a1c4bb77299075595dd215e1c7" ON "eos_sync_status" ("tenantCode", "stream") `, undefined);
   }

   public async down(queryRunner: QueryRunner): Promise<any> {
        await queryRunner.query(`DROP INDEX "public"."IDX_a1c4bb77299075595dd215e1c7"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_sync_status"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_f00f57a4ee068dd9de76157a99"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_sync_subscriber"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_0448f85a13b168304dbc1c1a7c"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_c635958ad1973e6c9a9c2821ea"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_order_summary"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_acd285bb7a1b45d360ba161d6a"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_sync_inbox"`, undefined);
   }

}
