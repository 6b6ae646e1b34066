-- Rules area: holiday calendar and per-centre rule parameters (prisma/schema/rules.prisma).
-- Written to match `prisma migrate dev` output exactly (migrate dev currently crashes on this schema set).

-- CreateEnum
CREATE TYPE "CalendarDayKind" AS ENUM ('HOLIDAY', 'MAKEUP_WORKDAY');

-- CreateTable
CREATE TABLE "CalendarDay" (
    "date" DATE NOT NULL,
    "kind" "CalendarDayKind" NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedBy" UUID,

    CONSTRAINT "CalendarDay_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "RuleSetting" (
    "profile" "ProcurementType" NOT NULL,
    "ruleId" VARCHAR(64) NOT NULL,
    "params" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedBy" UUID,

    CONSTRAINT "RuleSetting_pkey" PRIMARY KEY ("profile","ruleId")
);

-- Hand-written: a name is required and a make-up working day can only be a Saturday or Sunday
-- (on a weekday it would change nothing); the domain refuses both first, with a message.
ALTER TABLE "CalendarDay" ADD CONSTRAINT "CalendarDay_name_nonempty" CHECK (length(btrim("name")) > 0);
ALTER TABLE "CalendarDay" ADD CONSTRAINT "CalendarDay_makeup_on_weekend"
  CHECK ("kind" <> 'MAKEUP_WORKDAY' OR extract(isodow FROM "date") IN (6, 7));
ALTER TABLE "RuleSetting" ADD CONSTRAINT "RuleSetting_params_object" CHECK (jsonb_typeof("params") = 'object');
