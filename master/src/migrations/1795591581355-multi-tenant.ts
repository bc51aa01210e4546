import {MigrationInterface, QueryRunner} from "typeorm";

export class MultiTenant1795591581355 implements MigrationInterface {

   public async up(queryRunner: QueryRunner): Promise<any> {
        await queryRunner.query(`CREATE TABLE "eos_tenant_event" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "step" character varying(32) NOT NULL, "outcome" character varying(16) NOT NULL, "message" text NOT NULL, "id" SERIAL NOT NULL, "tenantId" integer NOT NULL, CONSTRAINT "PK_78325b57641f1cf2016da572749" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE INDEX "IDX_bf1b774975a7f7afd75bc26402" ON "eos_tenant_event" ("tenantId") `, undefined);
        await queryRunner.query(`CREATE TABLE "eos_tenant" ("createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), "code" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "status" character varying(16) NOT NULL, "defaultLanguageCode" character varying(16) NOT NULL, "currencyCode" character varying(3) NOT NULL, "ecommerceUrl" character varying NOT NULL, "ecommerceChannelToken" character varying, "ecommerceCredentialsRef" character varying NOT NULL, "settings" text NOT NULL, "lastError" text, "provisioningLeaseUntil" character varying(24), "id" SERIAL NOT NULL, "channelId" integer, "sellerId" integer, "firstAdministratorId" integer, CONSTRAINT "PK_04bf117abbff005943490805719" PRIMARY KEY ("id"))`, undefined);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ef19ad3d503c72cc5bb929ddca" ON "eos_tenant" ("code") `, undefined);
        await queryRunner.query(`ALTER TABLE "eos_tenant_event" ADD CONSTRAINT "FK_bf1b774975a7f7afd75bc264026" FOREIGN KEY ("tenantId") REFERENCES "eos_tenant"("id") ON DELETE CASCADE ON UPDATE NO ACTION`, undefined);
        await queryRunner.query(`ALTER TABLE "eos_tenant" ADD CONSTRAINT "FK_a42300862e3fc4c7aeee23a8283" FOREIGN KEY ("channelId") REFERENCES "channel"("id") ON DELETE SET NULL ON UPDATE NO ACTION`, undefined);
        await queryRunner.query(`ALTER TABLE "eos_tenant" ADD CONSTRAINT "FK_7e5e99fc49007cca3e2307d0704" FOREIGN KEY ("sellerId") REFERENCES "seller"("id") ON DELETE SET NULL ON UPDATE NO ACTION`, undefined);
   }

   public async down(queryRunner: QueryRunner): Promise<any> {
        await queryRunner.query(`ALTER TABLE "eos_tenant" DROP CONSTRAINT "FK_7e5e99fc49007cca3e2307d0704"`, undefined);
        await queryRunner.query(`ALTER TABLE "eos_tenant" DROP CONSTRAINT "FK_a42300862e3fc4c7aeee23a8283"`, undefined);
        await queryRunner.query(`ALTER TABLE "eos_tenant_event" DROP CONSTRAINT "FK_bf1b774975a7f7afd75bc264026"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_ef19ad3d503c72cc5bb929ddca"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_tenant"`, undefined);
        await queryRunner.query(`DROP INDEX "public"."IDX_bf1b774975a7f7afd75bc26402"`, undefined);
        await queryRunner.query(`DROP TABLE "eos_tenant_event"`, undefined);
   }

}
