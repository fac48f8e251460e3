import { AwsSolutionsChecks } from 'cdk-nag';
import { createApp } from './src/app';
const { app } = createApp({ context: { 'aws:cdk:bundling-stacks': [], ...JSON.parse(process.argv[2] ?? '{}') } });
const r = new AwsSolutionsChecks().validateScope(app);
console.log(JSON.stringify(r.violations.map((v) => [v.ruleName, v.severity, v.violatingResources.map((x) => x.constructPath)])));
