import {MigrationInterface, QueryRunner} from "typeorm";

export class Pim1795599427505 implements MigrationInterface {

   public async up(queryRunner: QueryRunner): Promise<any> {
        await queryRunner.query(`CREATE TABLE "eos_pricing_rule" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "tenantCode" character varying(32) NOT NULL, "name" character varying NOT NULL, "scopeType" character varying(16) NOT NULL, "scopeId" character varying, "method" character varying(24) NOT NULL, "value" double precision NOT NULL, "rounding" character varying(8) NOT NULL DEFAULT 'NONE', "minMarginPercent" double precision, "priority" integer NOT NULL DEFAULT '0', "validFrom" TIMESTAMP, "validTo" TIMESTAMP, "enabled" boolean NOT NULL DEFAULT true, "id" SERIAL NOT NULL, CONSTRAINT "PK_a9de17754259ef43138a155f2ea" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE INDEX "IDX_a7b56dfb9eeea341a4ed02a87f" ON "eos_pricing_rule" ("tenantCode") `, undefined);
        await queryRunner.query(`CREATE TABLE "eos_supplier" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "tenantCode" character varying(32) NOT NULL, "code" character varying(64) NOT NULL, "name" character varying NOT NULL, "contactName" character varying, "emailAddress" character varying, "phoneNumber" character varying, "currencyCode" character varying(3) NOT NULL, "leadTimeDays" integer NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'ACTIVE', "notes" text NOT NULL DEFAULT '', "id" SERIAL NOT NULL, CONSTRAINT "PK_2c38c607547ff806ba51d015cbf" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE INDEX "IDX_0634b603d5fb4bcef62ac697d5" ON "eos_supplier" ("tenantCode") `, undefined);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_3f94560ad171a4abfd1dc799d5" ON "eos_supplier" ("tenantCode", "code") `, undefined);
        await queryRunner.query(`CREATE TABLE "eos_purchase_order" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "tenantCode" character varying(32) NOT NULL, "code" character varying(32) NOT NULL, "state" character varying(24) NOT NULL, "currencyCode" character varying(3) NOT NULL, "notes" text NOT NULL DEFAULT '', "id" SERIAL NOT NULL, "supplierId" integer NOT NULL, CONSTRAINT "PK_47b44db574bca166ed64b5aa686" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE INDEX "IDX_e82ff1dd65eacafcc05d6f5223" ON "eos_purchase_order" ("tenantCode") `, undefined);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_068d53f076c437211bc3d348cc" ON "eos_purchase_order" ("tenantCode", "code") `, undefined);
        await queryRunner.query(`CREATE TABLE "eos_purchase_order_line" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "quantity" integer NOT NULL, "unitCost" integer NOT NULL, "receivedQuantity" integer NOT NULL DEFAULT '0', "id" SERIAL NOT NULL, "purchaseOrderId" integer NOT NULL, "productVariantId" integer NOT NULL, CONSTRAINT "PK_ca1de5b6b28f8a237e3c1e349d6" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE TABLE "eos_purchase_order_event" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "fromState" character varying(24), "toState" character varying(24) NOT NULL, "actor" character varying NOT NULL, "note" text NOT NULL DEFAULT '', "id" SERIAL NOT NULL, "purchaseOrderId" integer NOT NULL, CONSTRAINT "PK_6eb12271ab8eedf9b0d9b1656c2" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE TABLE "eos_stock_movement" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "tenantCode" character varying(32) NOT NULL, "idempotencyKey" character varying(200) NOT NULL, "origin" character varying(16) NOT NULL, "reason" character varying(24) NOT NULL, "sku" character varying NOT NULL, "delta" integer NOT NULL, "sourceRef" character varying NOT NULL, "occurredAt" TIMESTAMP NOT NULL, "id" SERIAL NOT NULL, "productVariantId" integer NOT NULL, CONSTRAINT "PK_ff2ca9eeeff8ae8cc5f2be1268c" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE INDEX "IDX_39b18e96f9ce504178499d09f5" ON "eos_stock_movement" ("tenantCode") `, undefined);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fcfe5cb28f327c482739d8683c" ON "eos_stock_movement" ("tenantCode", "idempotencyKey") `, undefined);
        await queryRunner.query(`CREATE TABLE "eos_supplier_price" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "tenantCode" character varying(32) NOT NULL, "costPrice" integer NOT NULL, "currencyCode" character varying(3) NOT NULL, "minOrderQuantity" integer NOT NULL DEFAULT '1', "validFrom" TIMESTAMP, "validTo" TIMESTAMP, "preferred" boolean NOT NULL DEFAULT false, "id" SERIAL NOT NULL, "supplierId" integer NOT NULL, "productVariantId" integer NOT NULL, CONSTRAINT "PK_23e9b61f033457c71c58de16b99" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE INDEX "IDX_4a49ddcbab44e32eded39ee1a7" ON "eos_supplier_price" ("tenantCode") `, undefined);
        await queryRunner.query(`CREATE INDEX "IDX_f89ee82602aeeb5dd6ecadf9d7" ON "eos_supplier_price" ("tenantCode", "productVariantId") `, undefined);
        await queryRunner.query(`ALTER TABLE "eos_purchase_order" ADD CONSTRAINT "FK_053fa68681f0ef5a63c0f590608" FOREIGN KEY ("supplierId") REFERENCES "eos_supplier"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`, undefined);
        await queryRunner.query(`ALTER TABLE "eos_purchase_order_line" ADD CONSTRAINT "FK_8f8332428ba519b64ec72986810" FOREIGN KEY ("purchaseOrderId") REFERENCES "eos_purchase_order"("id") ON DELETE CASCADE ON UPDATE NO ACTION`, undefined);
        await queryRunner.query(`ALTER TABLE "eos_purchase_order_line" ADD CONSTRAINT "FK_eb089d48b8724e3808e02c650f3" FOREIGN KEY ("productVariantId") REFERENCES "product_variant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`, undefined);
        await queryRunner.query(`ALTER TABLE "eos_purchase_order_event" ADD CONSTRAINT "FK_a5151850001b65ea04a1059cb84" FOREIGN KEY ("purchaseOrderId") REFERENCES "eos_purchase_order"("id") ON DELETE CASCADE ON UPDATE NO ACTION`, undefined);
        await queryRunner.query(`ALTER TABLE "eos_supplier_price" ADD CONSTRAINT "FK_0f63fa0d48ebb9a3fd368dbe33d" FOREIGN KEY ("supplierId") REFERENCES "eos_supplier"("id") ON DELETE CASCADE ON UPDATE NO ACTION`, undefined);
        await queryRunner.query(`ALTER TABLE "eos_supplier_price" ADD CONSTRAINT "FK_3161a9e24515d8cc428934e509c" FOREIGN KEY ("productVariantId") REFERENCES "product_variant"("id") ON DELETE CASCADE ON UPDATE NO ACTION`, undefined);
   }

   public async down(queryRunner: QueryRunner): Promise<any> {
        await queryRunner.query(`ALTER TABLE "eos_supplier_price" DROP CONSTRAINT "FK_3161a9e24515d8cc428934e509c"`, undefined);
        await queryRunner.query(`ALTER TABLE "eos_supplier_price" DROP CONSTRAINT "FK_0f63fa0d48ebb9a3fd368dbe33d"`, undefined);
        await queryRunner.query(`ALTER TABLE "eos_purchase_order_event" DROP CONSTRAINT "FK_a5151850001b65ea04a1059cb84"`, undefined);
        await queryRunner.query(`ALTER TABLE "eos_purchase_order_line" DROP CONSTRAINT "FK_eb089d48b8724e3808e02c650f3"`, undefined);
        await queryRunner.query(`ALTER TABLE "eos_purchase_order_line" DROP CONSTRAINT "FK_8f8332428ba519b64ec72986810"`, undefined);
        await queryRunner.query(`ALTER TABLE "eos_purchase_order" DROP CONSTRAINT "FK_053fa68681f0ef5a63c0f590608"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_f89ee82602aeeb5dd6ecadf9d7"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_4a49ddcbab44e32eded39ee1a7"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_supplier_price"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_fcfe5cb28f327c482739d8683c"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_39b18e96f9ce504178499d09f5"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_stock_movement"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_purchase_order_event"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_purchase_order_line"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_068d53f076c437211bc3d348cc"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_e82ff1dd65eacafcc05d6f5223"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_purchase_order"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_3f94560ad171a4abfd1dc799d5"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_0634b603d5fb4bcef62ac697d5"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_supplier"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_a7b56dfb9eeea341a4ed02a87f"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_pricing_rule"`, undefined);
   }

}
