/** Dates in the display language (vscode.env.language): the one format of every view. */
import * as vscode from 'vscode';
import { formatDate, formatMonth } from '../core/dates';

export function displayDate(iso: string): string {
  return formatDate(iso, vscode.env.language);
}

export function displayMonth(month: string): string {
  return formatMonth(month, vscode.env.language);
}
