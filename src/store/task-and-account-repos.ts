/**
 * The repositories of tasks and accounts on an open store, for the composition root to put into the context.
 * @module
 */
import type { ApiTokenRepository } from '../app/ports/api-token-repository.js'
import type { LoginAttemptRepository } from '../app/ports/login-attempt-repository.js'
import type { SessionRepository } from '../app/ports/session-repository.js'
import type { TaskRepository } from '../app/ports/task-repository.js'
import type { UserRepository } from '../app/ports/user-repository.js'
import { KyselyApiTokenRepository } from './api-token-repo.js'
import { KyselyLoginAttemptRepository } from './login-attempt-repo.js'
import type { Store } from './open-store.js'
import { KyselySessionRepository } from './session-repo.js'
import { KyselyTaskRepository } from './task-repo.js'
import { KyselyUserRepository } from './user-repo.js'

export interface TaskAndAccountRepos {
  readonly tasks: TaskRepository
  readonly users: UserRepository
  readonly sessions: SessionRepository
  readonly apiTokens: ApiTokenRepository
  readonly loginAttempts: LoginAttemptRepository
}

export function taskAndAccountRepos(store: Pick<Store, 'db' | 'sqlite' | 'dialect'>): TaskAndAccountRepos {
  return {
    tasks: new KyselyTaskRepository(store.db),
    users: new KyselyUserRepository(store.db, store.dialect),
    sessions: new KyselySessionRepository(store.db),
    apiTokens: new KyselyApiTokenRepository(store.db),
    loginAttempts: new KyselyLoginAttemptRepository(store),
  }
}
