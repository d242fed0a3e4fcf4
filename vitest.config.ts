import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/build-dist.global-setup.ts', 'test/global-setup.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
})
