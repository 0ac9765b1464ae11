import { Component, OnInit } from "@angular/core";
import { ActivatedRoute } from "@angular/router";
import { DomSanitizer, SafeHtml } from "@angular/platform-browser";

@Component({
  selector: "app-preview",
  template: `<div [innerHTML]="preview"></div>`,
})
export class PreviewComponent implements OnInit {
  preview: SafeHtml = "";

  constructor(private route: ActivatedRoute, private sanitizer: DomSanitizer) {}

  ngOnInit(): void {
    const html = this.route.snapshot.queryParamMap.get("html") ?? "";
    this.preview = this.sanitizer.bypassSecurityTrustHtml(html);
  }
}
