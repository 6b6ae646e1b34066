-- Evaluation finished (report signed): EVALUATION → EVALUATED, and its frozen outcome.
ALTER TYPE "LotStatus" ADD VALUE 'EVALUATED' AFTER 'EVALUATION';

-- CreateTable
CREATE TABLE "EvaluationOutcome" (
    "lotId" UUID NOT NULL,
    "outcome" JSONB NOT NULL,
    "outcomeSha256" CHAR(64) NOT NULL,
    "completedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EvaluationOutcome_pkey" PRIMARY KEY ("lotId")
);


-- Frozen: written once, never changed.
CREATE FUNCTION evaluation_outcome_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'EvaluationOutcome is immutable';
END $$;
CREATE TRIGGER evaluation_outcome_frozen BEFORE UPDATE OR DELETE ON "EvaluationOutcome"
  FOR EACH ROW EXECUTE FUNCTION evaluation_outcome_frozen();
