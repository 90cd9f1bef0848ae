import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
const sfn = new SFNClient({ endpoint: 'http://127.0.0.1:5320', region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
const arn = 'arn:aws:states:us-east-1:000000000000:stateMachine:steward-canary';
console.log(await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'dbg1', input: JSON.stringify({callback:'external'}) })));
