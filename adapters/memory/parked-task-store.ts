import type { ParkedTask, ParkedTaskStore } from '../../core/waits/parked-tasks.ts';

/** Parked tasks in memory, as the DynamoDB store keeps them: the first task parked under a key stays. */
export class MemoryParkedTaskStore implements ParkedTaskStore {
  private readonly tasks = new Map<string, ParkedTask>();

  async putIfAbsent(task: ParkedTask): Promise<ParkedTask> {
    if (!this.tasks.has(task.key)) this.tasks.set(task.key, { ...task });
    return { ...this.tasks.get(task.key)! };
  }

  /** The task parked under a key, if any. */
  get(key: string): ParkedTask | undefined {
    const task = this.tasks.get(key);
    return task && { ...task };
  }
}
