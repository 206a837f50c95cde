// GET /v1/success/onboarding: for customers who signed up in the last N days (a setting, default
// 30), their progress through the milestone checklist (each milestone a tracked event), the
// completion rate per milestone, and who is stuck (no milestone in 7 days).
import * as z from 'zod/mini';
import { count, day, timestamp } from '../contract-common.js';

export const milestone = z.object({ key: z.string(), label: z.string(), event: z.string() });

export const milestoneRate = z.extend(milestone, {
  reached: count,
  rate: z.nullable(z.number()).check(z.describe('reached / customers in the window; null with none')),
});

export const onboardingCustomer = z.object({
  customerId: z.string(),
  name: z.nullable(z.string()),
  planName: z.nullable(z.string()),
  signupDay: day,
  completed: count.check(z.describe('Milestones reached')),
  milestones: z.array(z.object({ key: z.string(), reachedDay: z.nullable(day) })),
  lastProgressDay: day.check(z.describe('The latest milestone reached, else the signup day')),
  stuck: z.boolean().check(z.describe('Not complete and no milestone for `stuckAfterDays` days')),
  linked: z.boolean().check(z.describe('A product account is linked to the customer')),
});
export type OnboardingCustomer = z.infer<typeof onboardingCustomer>;

export const onboardingResponse = z.object({
  asOf: timestamp,
  day,
  windowDays: count,
  stuckAfterDays: count,
  milestones: z.array(milestoneRate),
  counts: z.object({ customers: count, completed: count, stuck: count }),
  customers: z.array(onboardingCustomer).check(z.describe('Newest signups first')),
  notes: z.array(z.string()),
});
export type OnboardingResponse = z.infer<typeof onboardingResponse>;
