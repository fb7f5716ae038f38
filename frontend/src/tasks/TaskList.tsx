import { useTranslation } from 'react-i18next';
import { useLabels } from '../i18n/labels';
import { Link } from 'react-router';
import { listTasks } from '../api/tasks';
import type { Task } from '../api/types';
import { useMilestoneDefinitions } from '../cases/workspace/useCatalogue';
import { useFormat } from '../i18n/format';
import { LoadMore } from '../ui/LoadMore';
import { LoadState } from '../ui/LoadState';
import { usePaged } from '../ui/usePaged';
import { taskHref, taskTitle } from './taskText';

const GROUPS = [
  { state: 'overdue', key: 'tasks.overdue' },
  { state: 'due', key: 'tasks.due' },
  { state: 'draft', key: 'tasks.drafts' },
  { state: 'info', key: 'tasks.news' },
] as const;

/** The person's tasks, overdue first, then due, then their own unfinished drafts, then
 * decisions on their requests; each one a link to the page where it is done. `caseId` keeps
 * one case's. */
export function TaskList({ caseId, headingLevel = 2 }: { caseId?: string; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const list = usePaged((cursor, s) => listTasks({ case_id: caseId, cursor }, s), caseId ?? '');
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="tasks" data-testid="tasks">
      <LoadState loading={list.loading && !list.items.length} error={list.error} onRetry={list.reload} />
      {!list.loading && !list.error && list.items.length === 0 && <p className="notice">{t(caseId ? 'tasks.noneOnCase' : 'tasks.none')}</p>}
      {GROUPS.map((g) => {
        const items = list.items.filter((x) => x.state === g.state);
        if (!items.length) return null;
        return (
          <section key={g.state} aria-labelledby={`tasks-${g.state}${caseId ? '-case' : ''}`}>
            <H id={`tasks-${g.state}${caseId ? '-case' : ''}`} className="tasks__heading">
              {t(g.key, { count: items.length })}
            </H>
            <ul className="task-list">
              {items.map((x) => (
                <TaskItem key={`${x.kind}:${x.ref_id}`} task={x} showCase={!caseId} />
              ))}
            </ul>
          </section>
        );
      })}
      <LoadMore cursor={list.cursor} loading={list.loading} onMore={list.loadMore} />
    </div>
  );
}

/** One task: what to do (a link to where it is done), for which case, and the decider's
 * comment when a supervisor said something. */
export function TaskItem({ task, showCase = true }: { task: Task; showCase?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const defs = useMilestoneDefinitions();
  const { label } = useLabels();
  const milestoneName = (code: string) => label('milestone', code, defs.find((d) => d.code === code)?.name);
  return (
    <li className={`task task--${task.state}`} data-kind={task.kind}>
      <Link to={taskHref(task)} className="task__link">
        {showCase && (
          <>
            {/* The colon and space are text, not a margin: a margin on the pseudonym's end fell
             * on its outer side in a right-to-left line, the <bdi> being left-to-right. */}
            <bdi className="task__case">{task.pseudonym}</bdi>
            {t('punctuation.colon')}{' '}
          </>
        )}
        <span className="task__title">{taskTitle(t, f, task, milestoneName)}</span>
      </Link>
      {task.state === 'overdue' && <span className="badge badge--warn">{t('tasks.overdueBadge')}</span>}
      {showCase && task.case_manager && (
        <span className="task__meta">{t('tasks.caseManager', { name: task.case_manager })}</span>
      )}
      {task.comment != null && task.comment !== '' && (
        <blockquote className="task__comment" dir="auto">
          <span className="visually-hidden">
            {t('tasks.comment')}
            {t('punctuation.colon')}{' '}
          </span>
          {task.comment}
        </blockquote>
      )}
    </li>
  );
}
