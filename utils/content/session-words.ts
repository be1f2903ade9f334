/**
 * What this page's Gloss may have to say after it stopped, worded when the session
 * starts: once this copy of Gloss is stopped (update, reload), browser.i18n is gone with
 * it, and these are the messages that must still show.
 */
import { t } from '../i18n';

export function sessionWords() {
  const template = t('overlayNoteNotSaved', '{reason}');
  return {
    /** "Not saved yet: <reason>". */
    notSaved: (reason: string) => (template ? template.replace('{reason}', reason) : `Not saved yet: ${reason}`),
    stopped: t('overlayStopped'),
    copyAndReload: t('overlayCopyAndReload'),
    deleted: t('journalDeleted'),
    undo: t('journalUndo'),
    changeColour: t('overlayErrChangeColour'),
    saveHighlight: t('overlayErrSaveHighlight'),
    deleteHighlight: t('overlayErrDeleteHighlight'),
    restoreHighlight: t('overlayErrRestoreHighlight'),
  };
}

export type SessionWords = ReturnType<typeof sessionWords>;
