#!/usr/bin/env node
import { createApp } from '../src/app';

// Context: -c stage=dev|prod, -c oidcIssuer=https://… -c oidcAudience=… (no Cognito; required in China),
// -c region=… -c account=… (omitted: environment-agnostic stacks).
createApp().app.synth();
