// The page's script for the Amplify v6 Analytics test: a web app using
// aws-amplify/analytics (Pinpoint provider) as documented. Amplify has no endpoint
// override, so the test routes https://pinpoint.us-east-1.amazonaws.com to the
// emulator at the network layer (see amplify.test.mjs).
// Reads ?app=…&userId=… and publishes the outcome on window.__result.
import { Amplify } from 'aws-amplify';
import { configureAutoTrack, flushEvents, identifyUser, record } from 'aws-amplify/analytics';

const params = new URLSearchParams(location.search);
const appId = params.get('app');
const userId = params.get('userId');

// Stand-in for Cognito: a custom credentials provider with fixed temporary credentials.
Amplify.configure(
  { Analytics: { Pinpoint: { appId, region: 'us-east-1', flushInterval: 300 } } },
  {
    Auth: {
      credentialsProvider: {
        async getCredentialsAndIdentityId() {
          return {
            credentials: {
              accessKeyId: 'AKIDPINPOINTLOCAL',
              secretAccessKey: 'pinpoint-local-secret',
              sessionToken: 'amplify-session-token',
            },
            identityId: 'us-east-1:00000000-1111-2222-3333-444444444444',
          };
        },
        clearCredentialsAndIdentityId() {},
      },
    },
  },
);

function describeError(err) {
  return {
    name: err?.name,
    message: err?.message,
    httpStatusCode: err?.$metadata?.httpStatusCode,
    requestId: err?.$metadata?.requestId,
  };
}

async function run() {
  const result = { origin: location.origin, steps: {} };

  // 1. A call the service rejects: an attribute name over 50 characters
  //    (docs/behaviour.md#quota-attribute-sizes).
  //    Amplify maps the error from x-amzn-ErrorType / x-amzn-RequestId.
  try {
    await identifyUser({ userId, options: { userAttributes: { ['n'.repeat(51)]: ['v'] } } });
    result.steps.failingCall = { unexpectedSuccess: true };
  } catch (err) {
    result.steps.failingCall = describeError(err);
  }

  // 2. identifyUser as an app does after sign-in.
  await identifyUser({
    userId,
    userProfile: { email: 'amplify-user@example.com', customProperties: { plan: ['pro'] } },
    options: { userAttributes: { tier: ['gold'] } },
  });
  result.steps.identifyUser = 'ok';

  // 3. Session tracking (records _session.start) and a custom event, then flush.
  configureAutoTrack({ enable: true, type: 'session' });
  record({ name: 'amplify_click', attributes: { button: 'buy' }, metrics: { quantity: 2 } });
  flushEvents();
  result.steps.recorded = 'ok';
  return result;
}

run().then(
  (result) => {
    window.__result = { ok: true, ...result };
    document.getElementById('status').textContent = JSON.stringify(window.__result, null, 2);
  },
  (err) => {
    window.__result = { ok: false, error: describeError(err), stack: String(err?.stack ?? err) };
    document.getElementById('status').textContent = JSON.stringify(window.__result, null, 2);
  },
);
