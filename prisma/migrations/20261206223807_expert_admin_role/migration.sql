-- Issue 13 point 1: the expert pool is kept by the centre's expert administrators (专家库管理员) only.
ALTER TYPE "Role" ADD VALUE 'EXPERT_ADMIN';
