import assert from 'node:assert/strict';
import { parseArgs as packageArgs } from '../../scripts/package';
import { parseArgs as playgroundArgs } from '../../scripts/playground';

describe('script command lines (node:util parseArgs)', () => {
  it('package: --env, --env=, -e, --help, and the same error wording as before', () => {
    assert.deepEqual(packageArgs([]), { envName: 'local' });
    assert.deepEqual(packageArgs(['--env', 'dev']), { envName: 'dev' });
    assert.deepEqual(packageArgs(['--env=prod']), { envName: 'prod' });
    assert.deepEqual(packageArgs(['-e', 'dev']), { envName: 'dev' });
    assert.deepEqual(packageArgs(['-h']), { help: true });
    assert.deepEqual(packageArgs(['--env']), { error: '--env needs a value' });
    assert.deepEqual(packageArgs(['-e', '--help']), { error: '-e needs a value' });
    assert.deepEqual(packageArgs(['dev']), { error: 'unknown argument "dev"' });
    assert.deepEqual(packageArgs(['--envs=dev']), { error: 'unknown argument "--envs=dev"' });
  });

  it('playground: locale (any case), ports, and errors', () => {
    assert.deepEqual(playgroundArgs([]), { locale: undefined, uiPort: 56150, botPort: 0 });
    assert.deepEqual(playgroundArgs(['--locale', 'ZH-cn', '--port=5000', '--bot-port', '3978']), {
      locale: 'zh-CN',
      uiPort: 5000,
      botPort: 3978,
    });
    assert.deepEqual(playgroundArgs(['--help']), { help: true });
    assert.match(
      (playgroundArgs(['--locale', 'de']) as { error: string }).error,
      /^unsupported locale "de"; use one of en, /,
    );
    assert.deepEqual(playgroundArgs(['--port', 'x']), { error: '--port needs a port number' });
    assert.deepEqual(playgroundArgs(['--bot-port=70000']), { error: '--bot-port needs a port number' });
    assert.deepEqual(playgroundArgs(['--locale']), { error: '--locale needs a value' });
    assert.deepEqual(playgroundArgs(['-x']), { error: 'unknown argument "-x"' });
  });
});
