-- The social supervisors' rating of a social supervisor's service is an appraisal (考核), so that
-- "evaluation" (评标) names only the bid evaluation. Renames only: every row, its ids and the check stay.
ALTER TYPE "SocialEvaluationKind" RENAME TO "SocialAppraisalKind";
ALTER TYPE "SocialAppraisalKind" RENAME VALUE 'EVALUATION' TO 'APPRAISAL';
ALTER TABLE "SocialSupervisorEvaluation" RENAME TO "SocialSupervisorAppraisal";
ALTER TABLE "SocialSupervisorAppraisal" RENAME CONSTRAINT "SocialSupervisorEvaluation_pkey" TO "SocialSupervisorAppraisal_pkey";
ALTER TABLE "SocialSupervisorAppraisal" RENAME CONSTRAINT "SocialSupervisorEvaluation_score" TO "SocialSupervisorAppraisal_score";
ALTER INDEX "SocialSupervisorEvaluation_appointmentId_createdAt_idx" RENAME TO "SocialSupervisorAppraisal_appointmentId_createdAt_idx";
