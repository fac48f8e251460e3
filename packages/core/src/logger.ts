import { Logger } from '@aws-lambda-powertools/logger';

/** One Powertools logger per service; JSON on AWS and locally, quiet in tests unless LOG_LEVEL says otherwise. */
export const createLogger = (serviceName: string): Logger =>
  new Logger({
    serviceName,
    logLevel:
      (process.env.LOG_LEVEL as 'INFO' | undefined) ?? (process.env.JEST_WORKER_ID ? 'SILENT' : 'INFO'),
  });
