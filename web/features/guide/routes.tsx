// Pages of the messaging guide (issue 16), registered in web/routes.tsx.
export { GuidePage } from './GuidePage';
export { GuideHandout } from './Handout';
export { GuideWalkthrough, GuideLink } from './Walkthrough';
export { ExplainMessaging } from './ExplainMessaging';
export { GuideComparison } from './GuideComparison';
