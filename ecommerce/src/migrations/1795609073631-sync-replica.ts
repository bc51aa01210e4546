import {MigrationInterface, QueryRunner} from "typeorm";

export class SyncReplica1795609073631 implements MigrationInterface {

   public async up(queryRunner: QueryRunner): Promise<any> {
        await queryRunner.query(`CREATE TABLE "eos_replica_product" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "tenantCode" character varying(32) NOT NULL, "masterProductId" character varying(64) NOT NULL, "version" integer NOT NULL, "contentHash" character varying(64) NOT NULL, "masterEnabled" boolean NOT NULL, "removed" boolean NOT NULL DEFAULT false, "id" SERIAL NOT NULL, "productId" integer, CONSTRAINT "PK_5d1ec75b3cf213249396128af1f" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE INDEX "IDX_2ce054dceb4403754fdefca96b" ON "eos_replica_product" ("productId") `, undefined);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_74a3e76c6d66aa3eba327fb8f9" ON "eos_replica_product" ("tenantCode", "masterProductId") `, undefined);
        await queryRunner.query(`CREATE TABLE "eos_replica_variant" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "tenantCode" character varying(32) NOT NULL, "masterVariantId" character varying(64) NOT NULL, "masterProductId" character varying(64) NOT NULL, "masterEnabled" boolean NOT NULL, "id" SERIAL NOT NULL, "variantId" integer NOT NULL, CONSTRAINT "PK_771d73fb21a15157d08cc125fad" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE INDEX "IDX_c0609a95d6909c5d2a3d3526ca" ON "eos_replica_variant" ("variantId") `, undefined);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_8a7b71e4646db5a65ffaa077be" ON "eos_replica_variant" ("tenantCode", "masterVariantId") `, undefined);
        await queryRunner.query(`CREATE TABLE "eos_replica_asset" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "contentHash" character varying(64) NOT NULL, "id" SERIAL NOT NULL, "assetId" integer NOT NULL, CONSTRAINT "PK_c385cecc81219c898db8f03d06e" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_bc30bf793e619b1954d7de5f36" ON "eos_replica_asset" ("contentHash") `, undefined);
        await queryRunner.query(`CREATE TABLE "eos_shop_sync_checkpoint" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "tenantCode" character varying(32) NOT NULL, "stream" character varying(32) NOT NULL, "position" integer NOT NULL, "id" SERIAL NOT NULL, CONSTRAINT "PK_263e54946cdbe4b5278862f9329" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a37b11a52719ebc25e4ca30ac1" ON "eos_shop_sync_checkpoint" ("tenantCode", "stream") `, undefined);
        await queryRunner.query(`CREATE TABLE "eos_shop_stock_inbox" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "tenantCode" character varying(32) NOT NULL, "idempotencyKey" character varying(200) NOT NULL, "masterVariantId" character varying(64) NOT NULL, "delta" integer NOT NULL, "sourceRef" character varying(200) NOT NULL, "appliedAt" character varying(24), "id" SERIAL NOT NULL, "stockMovementId" integer, CONSTRAINT "PK_91af76518fc5499edbf02a9b2e6" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE INDEX "IDX_290642f1c39ec98ab6c9f38546" ON "eos_shop_stock_inbox" ("masterVariantId") `, undefined);
        await queryRunner.query(`CREATE INDEX "IDX_b0008b0a530435ad8a1a3ee1c0" ON "eos_shop_stock_inbox" ("stockMovementId") `, undefined);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d25f8438017726e4b50ae67e1a" ON "eos_shop_stock_inbox" ("tenantCode", "idempotencyKey") `, undefined);
        await queryRunner.query(`CREATE TABLE "eos_shop_order_feed" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "tenantCode" character varying(32) NOT NULL, "state" character varying(64) NOT NULL, "id" SERIAL NOT NULL, "orderId" integer NOT NULL, CONSTRAINT "PK_2050cc763776f1f9d35d071eb5c" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE INDEX "IDX_960c4415929e7272cc590216e7" ON "eos_shop_order_feed" ("tenantCode", "id") `, undefined);
        await queryRunner.query(`ALTER TABLE "product" ADD "customFieldsShopseotitle" character varying(255)`, undefined);
        await queryRunner.query(`ALTER TABLE "product" ADD "customFieldsShopseodescription" text`, undefined);
   }

   public async down(queryRunner: QueryRunner): Promise<any> {
        await queryRunner.query(`ALTER TABLE "product" DROP COLUMN "customFieldsShopseodescription"`, undefined);
        await queryRunner.query(`ALTER TABLE "product" DROP COLUMN "customFieldsShopseotitle"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_960c4415929e7272cc590216e7"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_shop_order_feed"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_d25f8438017726e4b50ae67e1a"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_b0008b0a530435ad8a1a3ee1c0"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_290642f1c39ec98ab6c9f38546"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_shop_stock_inbox"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_a37b11a52719ebc25e4ca30ac1"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_shop_sync_checkpoint"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_bc30bf793e619b1954d7de5f36"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_replica_asset"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_8a7b71e4646db5a65ffaa077be"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_c0609a95d6909c5d2a3d3526ca"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_replica_variant"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_74a3e76c6d66aa3eba327fb8f9"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_2ce054dceb4403754fdefca96b"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_replica_product"`, undefined);
   }

}
