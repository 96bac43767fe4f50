// A journey to look at, written through the SDK: app 'journey-demo' with two EMAIL endpoints (ana,
// bo), an enabled email channel, template 'welcome', a segment of everyone and the ACTIVE journey
// 'onboarding' (hello: email → day: wait P1D → again: email) starting at 2030-01-07T10:00:00Z.
import {
  CreateAppCommand,
  CreateEmailTemplateCommand,
  CreateJourneyCommand,
  CreateSegmentCommand,
  UpdateEmailChannelCommand,
  UpdateEndpointCommand,
} from '@aws-sdk/client-pinpoint';
import { makeClient } from './server.mjs';

/** Seeds the server at `url`; returns the journey's id. */
export async function seedOnboarding(url) {
  const client = makeClient(url);
  const app = await client.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'journey-demo' } }));
  const ApplicationId = app.ApplicationResponse.Id;
  await client.send(new UpdateEmailChannelCommand({ ApplicationId, EmailChannelRequest: {
    Enabled: true, FromAddress: 'team@example.com', Identity: 'arn:aws:ses:us-east-1:123456789012:identity/example.com' } }));
  await client.send(new CreateEmailTemplateCommand({ TemplateName: 'welcome', EmailTemplateRequest: { Subject: 'Welcome', HtmlPart: '<p>Hi</p>' } }));
  for (const id of ['ana', 'bo']) {
    await client.send(new UpdateEndpointCommand({ ApplicationId, EndpointId: id, EndpointRequest: { ChannelType: 'EMAIL', Address: `${id}@example.com` } }));
  }
  const seg = await client.send(new CreateSegmentCommand({ ApplicationId, WriteSegmentRequest: { Name: 'all' } }));
  const journey = await client.send(new CreateJourneyCommand({ ApplicationId, WriteJourneyRequest: {
    Name: 'onboarding', State: 'ACTIVE', StartActivity: 'hello',
    Schedule: { StartTime: new Date('2030-01-07T10:00:00Z') },
    StartCondition: { SegmentStartCondition: { SegmentId: seg.SegmentResponse.Id } },
    Activities: {
      hello: { EMAIL: { TemplateName: 'welcome', NextActivity: 'day' } },
      day: { Wait: { WaitTime: { WaitFor: 'P1D' }, NextActivity: 'again' } },
      again: { EMAIL: { TemplateName: 'welcome' } },
    },
  } }));
  client.destroy();
  return journey.JourneyResponse.Id;
}
