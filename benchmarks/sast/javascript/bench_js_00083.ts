import { Component, OnInit } from "@angular/core";
import { ActivatedRoute } from "@angular/router";

@Component({
  selector: "app-banner",
  template: `<div class="banner">{{ message }}</div>`,
})
export class BannerComponent implements OnInit {
  message = "";

  constructor(private route: ActivatedRoute) {}

  ngOnInit(): void {
    this.message = this.route.snapshot.queryParamMap.get("message") ?? "";
  }
}
