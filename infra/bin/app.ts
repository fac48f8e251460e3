#!/usr/bin/env node
import { buildFormIfStale } from '../../packages/form/ensure-built';
import { createApp } from '../src/app';

// Context: -c stage=dev|prod, -c oidcIssuer=https://… -c oidcAudience=… (no Cognito; required in China),
// -c region=… -c account=… (omitted: environment-agnostic stacks),
// -c console=true|false (staff console on S3 + CloudFront; default true, false in China regions),
// -c consoleGeoAllowlist=CN,… -c consoleWebAclArn=<us-east-1 global WAF web ACL> -c cognitoDomainPrefix=….
// The console is deployed from packages/web/dist: build it first (npm run build -w @zuofeng/web).
// The residents' form ships inside the feedback function's bundle (its manifest's `files`).
buildFormIfStale();
createApp().app.synth();
